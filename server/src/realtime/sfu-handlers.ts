import { ConnectTransportInput, EventRef, ProduceInput } from '@yunzhan/shared';
import type { HandlerContext } from './handler-context';

/** WebRTC signalling of a host publishing to an event (mediasoup send transports and producers). */
export function registerSfuHandlers({ socket, on, realtime }: HandlerContext): void {
  on('sfu:capabilities', EventRef, async ({ eventId }) => {
    const room = await realtime.liveService.publisherRoom(eventId, socket.data.user);
    return { routerRtpCapabilities: room.router.rtpCapabilities };
  });

  on('sfu:create-send-transport', EventRef, async ({ eventId }) => {
    const room = await realtime.liveService.publisherRoom(eventId, socket.data.user);
    return room.createSendTransport(socket.id);
  });

  on('sfu:connect-transport', ConnectTransportInput, async ({ eventId, transportId, dtlsParameters }) => {
    const room = await realtime.liveService.publisherRoom(eventId, socket.data.user);
    await room.connectTransport(socket.id, transportId, dtlsParameters);
    return null;
  });

  on('sfu:produce', ProduceInput, async ({ eventId, transportId, kind, rtpParameters }) => {
    const room = await realtime.liveService.publisherRoom(eventId, socket.data.user);
    const producer = await room.produce(socket.id, transportId, kind, rtpParameters);
    return { producerId: producer.id };
  });
}
