import type { Page } from 'playwright-core';

/** What a WHIP publish from a page got: the POST's status, its body on failure, and the session's Location. */
export interface WhipPublished {
  status: number;
  body: string;
  location: string | null;
}

/**
 * Publishes from a Chromium page with a WHIP client (RFC 9725): sendonly transceivers for each
 * track, the offer with every candidate gathered, POSTed with the bearer token; on 201 the answer
 * is applied and the connection kept as `window.__pc`. `source`: the page's fake camera and
 * microphone, or the stream the caller left in `window.__whipStream` (e.g. a canvas).
 */
export function publishWhipFromPage(page: Page, url: string, token: string, source: 'camera' | 'window' = 'camera'): Promise<WhipPublished> {
  return page.evaluate(
    async ({ url, token, source }) => {
      const w = window as unknown as { __pc: RTCPeerConnection; __whipStream?: MediaStream };
      const stream = source === 'camera' ? await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true }) : w.__whipStream!;
      const pc = new RTCPeerConnection();
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise<void>((resolve) => {
        if (pc.iceGatheringState === 'complete') resolve();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
        setTimeout(resolve, 3000);
      });
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/sdp', authorization: `Bearer ${token}` }, body: pc.localDescription!.sdp });
      const body = await res.text();
      if (res.status !== 201) return { status: res.status, body, location: null };
      await pc.setRemoteDescription({ type: 'answer', sdp: body });
      w.__pc = pc;
      return { status: res.status, body: '', location: res.headers.get('location') };
    },
    { url, token, source },
  );
}
