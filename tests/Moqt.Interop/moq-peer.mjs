// The body shared by the interop peers: @kixelated/moq 0.9.4 over the WebSocket polyfill. A peer publishes
// voice/<sid> and answers the other side's SUBSCRIBE to `publishTrack` with `frames` frames 20 ms apart, and
// subscribes to `subscribeTrack`, printing each frame (base64) as a JSON line. Events: connected,
// <publishTrack>-requested, <publishTrack>-sent, <subscribeTrack>-frame, done (or timeout).
import { WebSocket } from "ws";

globalThis.WebSocket = WebSocket;

// Keep stdout for the result lines: the library logs to console.debug/warn.
console.debug = () => {};
console.warn = (...args) => process.stderr.write(`warn: ${args.join(" ")}\n`);
console.error = (...args) => process.stderr.write(`error: ${args.join(" ")}\n`);

function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

export async function runPeer({ url, sid, frames, publishTrack, subscribeTrack, makeFrame }) {
  const Moq = await import("@kixelated/moq");
  const path = Moq.Path.from("voice", sid);
  const timeout = setTimeout(() => {
    emit({ event: "timeout" });
    process.exit(2);
  }, 30000);

  const connection = await Moq.Connection.connect(new URL(url), { websocket: { enabled: true, delay: 0 } });
  emit({ event: "connected", kind: connection.constructor.name });

  // Publish: the server subscribes to our track after our PUBLISH_NAMESPACE.
  const broadcast = new Moq.Broadcast();
  connection.publish(path, broadcast);
  const published = (async () => {
    for (;;) {
      const request = await broadcast.requested();
      if (!request) return;
      if (request.track.name !== publishTrack) {
        request.track.close(new Error("not found"));
        continue;
      }
      emit({ event: `${publishTrack}-requested` });
      for (let i = 0; i < frames; i++) {
        request.track.writeFrame(makeFrame(i));
        await new Promise((r) => setTimeout(r, 20));
      }
      emit({ event: `${publishTrack}-sent`, frames });
      return;
    }
  })();

  const subscription = connection.consume(path).subscribe(subscribeTrack, 0);
  for (let i = 0; i < frames; i++) {
    const data = await subscription.readFrame();
    if (!data) break;
    emit({ event: `${subscribeTrack}-frame`, data: Buffer.from(data).toString("base64") });
  }

  await published;
  emit({ event: "done" });
  // Give the last frames time to leave before closing.
  await new Promise((r) => setTimeout(r, 500));
  clearTimeout(timeout);
  connection.close();
  process.exit(0);
}
