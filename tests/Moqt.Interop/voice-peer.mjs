// Independent MoQT peer for the ClutchCall interop test: @kixelated/moq 0.9.4 over the WebSocket polyfill.
// Usage: node --import ./register-hooks.mjs voice-peer.mjs <url> <sid> <frames>
// Subscribes to voice/<sid>/downlink and prints each frame (base64) as a JSON line,
// publishes voice/<sid> and answers the server's SUBSCRIBE to "uplink" with <frames> frames, 20 ms apart.
import { WebSocket } from "ws";

globalThis.WebSocket = WebSocket;

// Keep stdout for the result lines: the library logs to console.debug/warn.
console.debug = () => {};
console.warn = (...args) => process.stderr.write(`warn: ${args.join(" ")}\n`);
console.error = (...args) => process.stderr.write(`error: ${args.join(" ")}\n`);

const Moq = await import("@kixelated/moq");

const [url, sid, framesArg] = process.argv.slice(2);
const frames = Number(framesArg ?? "10");
const path = Moq.Path.from("voice", sid);

function emit(obj) {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

// Uplink frame i: 4-byte big-endian index, then 156 bytes of a pattern derived from it (160 bytes ~ one G.711 frame).
function uplinkFrame(i) {
  const buf = new Uint8Array(160);
  new DataView(buf.buffer).setUint32(0, i, false);
  for (let k = 4; k < buf.length; k++) buf[k] = (i * 7 + k) & 0xff;
  return buf;
}

const timeout = setTimeout(() => {
  emit({ event: "timeout" });
  process.exit(2);
}, 30000);

const connection = await Moq.Connection.connect(new URL(url), { websocket: { enabled: true, delay: 0 } });
emit({ event: "connected", kind: connection.constructor.name });

// Publish the uplink: the server subscribes to it after our PUBLISH_NAMESPACE.
const broadcast = new Moq.Broadcast();
connection.publish(path, broadcast);
const uplinkDone = (async () => {
  for (;;) {
    const request = await broadcast.requested();
    if (!request) return;
    if (request.track.name !== "uplink") {
      request.track.close(new Error("not found"));
      continue;
    }
    emit({ event: "uplink-requested" });
    for (let i = 0; i < frames; i++) {
      request.track.writeFrame(uplinkFrame(i));
      await new Promise((r) => setTimeout(r, 20));
    }
    emit({ event: "uplink-sent", frames });
    return;
  }
})();

// Subscribe to the downlink the server publishes.
const downlink = connection.consume(path).subscribe("downlink", 0);
for (let i = 0; i < frames; i++) {
  const data = await downlink.readFrame();
  if (!data) break;
  emit({ event: "downlink-frame", data: Buffer.from(data).toString("base64") });
}

await uplinkDone;
emit({ event: "done" });
// Give the last uplink frames time to leave before closing.
await new Promise((r) => setTimeout(r, 500));
clearTimeout(timeout);
connection.close();
process.exit(0);
