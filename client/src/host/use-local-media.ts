import { useCallback, useEffect, useRef, useState } from 'react';
import { ClientError, type ClientErrorCode } from '../lib/client-error';

/** Camera capture asked for: 720p30, what the live ladder's top rendition needs. */
const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** A device the pickers offer. */
export interface MediaDeviceOption {
  deviceId: string;
  label: string;
}

/** The host's camera and microphone. */
export interface LocalMedia {
  state: 'idle' | 'requesting' | 'ready' | 'error';
  error: ClientErrorCode | null;
  /** The preview and publish stream (one video and one audio track at most). */
  stream: MediaStream | null;
  cameras: MediaDeviceOption[];
  microphones: MediaDeviceOption[];
  cameraId: string | null;
  microphoneId: string | null;
  /** Asks for camera and microphone (again); resolves with the stream. */
  start: () => Promise<MediaStream>;
  selectCamera: (deviceId: string) => Promise<void>;
  selectMicrophone: (deviceId: string) => Promise<void>;
  /** Stops every track. */
  stop: () => void;
}

function mediaError(error: unknown): ClientError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'NotAllowedError' || name === 'SecurityError') return new ClientError('MEDIA_PERMISSION', String(error));
  if (!navigator.mediaDevices?.getUserMedia) return new ClientError('UNSUPPORTED', 'getUserMedia is not available');
  return new ClientError('MEDIA_DEVICE', String(error));
}

function stopAll(stream: MediaStream | null) {
  stream?.getTracks().forEach((track) => track.stop());
}

/**
 * Camera and microphone capture with device pickers. Device labels are only known after
 * permission, so devices are listed after the first getUserMedia (and again on devicechange).
 * Switching a device swaps one track and keeps the other, so the stream object changes and a
 * publisher can replace its tracks.
 */
export function useLocalMedia(): LocalMedia {
  const [state, setState] = useState<LocalMedia['state']>('idle');
  const [error, setError] = useState<ClientErrorCode | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [cameras, setCameras] = useState<MediaDeviceOption[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceOption[]>([]);
  const [cameraId, setCameraId] = useState<string | null>(null);
  const [microphoneId, setMicrophoneId] = useState<string | null>(null);
  const streamRef = useRef<MediaStream | null>(null);

  const replaceStream = useCallback((next: MediaStream | null) => {
    streamRef.current = next;
    setStream(next);
    setCameraId(next?.getVideoTracks()[0]?.getSettings().deviceId ?? null);
    setMicrophoneId(next?.getAudioTracks()[0]?.getSettings().deviceId ?? null);
  }, []);

  const listDevices = useCallback(async () => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const all = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind: MediaDeviceKind, fallback: string) =>
      all
        .filter((d) => d.kind === kind && d.deviceId)
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${fallback} ${i + 1}` }));
    setCameras(pick('videoinput', 'Camera'));
    setMicrophones(pick('audioinput', 'Microphone'));
  }, []);

  const start = useCallback(async () => {
    setState('requesting');
    setError(null);
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new ClientError('UNSUPPORTED', 'getUserMedia is not available');
      const next = await navigator.mediaDevices.getUserMedia({ video: VIDEO_CONSTRAINTS, audio: AUDIO_CONSTRAINTS });
      stopAll(streamRef.current);
      replaceStream(next);
      setState('ready');
      await listDevices();
      return next;
    } catch (e) {
      const err = e instanceof ClientError ? e : mediaError(e);
      setError(err.code);
      setState('error');
      throw err;
    }
  }, [listDevices, replaceStream]);

  const swapTrack = useCallback(
    async (kind: 'video' | 'audio', deviceId: string) => {
      const current = streamRef.current;
      const base = kind === 'video' ? VIDEO_CONSTRAINTS : AUDIO_CONSTRAINTS;
      try {
        const captured = await navigator.mediaDevices.getUserMedia({ [kind]: { ...base, deviceId: { exact: deviceId } } });
        const track = kind === 'video' ? captured.getVideoTracks()[0] : captured.getAudioTracks()[0];
        if (!track) throw new ClientError('MEDIA_DEVICE', `no ${kind} track`);
        const kept = current ? (kind === 'video' ? current.getAudioTracks() : current.getVideoTracks()) : [];
        const old = current ? (kind === 'video' ? current.getVideoTracks() : current.getAudioTracks()) : [];
        replaceStream(new MediaStream([...kept, track]));
        old.forEach((t) => t.stop());
        setError(null);
        setState('ready');
      } catch (e) {
        const err = e instanceof ClientError ? e : mediaError(e);
        setError(err.code);
      }
    },
    [replaceStream],
  );

  const selectCamera = useCallback((id: string) => swapTrack('video', id), [swapTrack]);
  const selectMicrophone = useCallback((id: string) => swapTrack('audio', id), [swapTrack]);

  const stop = useCallback(() => {
    stopAll(streamRef.current);
    replaceStream(null);
    setState('idle');
  }, [replaceStream]);

  useEffect(() => {
    const devices = navigator.mediaDevices;
    if (!devices?.addEventListener) return;
    const onChange = () => void listDevices();
    devices.addEventListener('devicechange', onChange);
    return () => devices.removeEventListener('devicechange', onChange);
  }, [listDevices]);

  // Release the camera when the console closes.
  useEffect(() => () => stopAll(streamRef.current), []);

  return { state, error, stream, cameras, microphones, cameraId, microphoneId, start, selectCamera, selectMicrophone, stop };
}
