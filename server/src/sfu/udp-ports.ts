import dgram from 'node:dgram';

/** Hands out pairs of free UDP ports (RTP, RTCP) on 127.0.0.1 from a range, for ffmpeg to listen on. */
export class UdpPortAllocator {
  private readonly inUse = new Set<number>();
  private next: number;

  /** `min`..`max` inclusive; pairs start at even ports. */
  constructor(
    private readonly min: number,
    private readonly max: number,
  ) {
    this.next = min + (min % 2);
  }

  /** Reserves an even port and the one after it, both checked free by binding them briefly. */
  async allocatePair(): Promise<{ rtp: number; rtcp: number }> {
    const span = Math.floor((this.max - this.min) / 2);
    for (let i = 0; i < span; i++) {
      const port = this.next;
      this.next = this.next + 2 > this.max - 1 ? this.min + (this.min % 2) : this.next + 2;
      if (this.inUse.has(port)) continue;
      if ((await isFree(port)) && (await isFree(port + 1))) {
        this.inUse.add(port);
        return { rtp: port, rtcp: port + 1 };
      }
    }
    throw new Error(`No free UDP port pair in ${this.min}-${this.max}`);
  }

  /** Returns a pair to the pool. */
  release(rtpPort: number): void {
    this.inUse.delete(rtpPort);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}
