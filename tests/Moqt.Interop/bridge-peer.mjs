// Independent MoQT peer for the gateway's audio bridge edge: @kixelated/moq 0.9.4 over the WebSocket polyfill.
// Usage: node --import ./register-hooks.mjs bridge-peer.mjs <url with ?jwt=> <sid> <frames>
// Acts as an `attach` bridge: subscribes to voice/<sid>/uplink and prints <frames> frames (base64) as JSON lines,
// publishes voice/<sid> and answers the gateway's SUBSCRIBE to "downlink" with <frames> frames, 20 ms apart.
import { WebSocket } from "ws";

globalThis.WebSocket = WebSocket;

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

// Downlink frame i: "D", 4-byte big-endian index, then 155 bytes of a pattern derived from it (160 bytes).
function downlinkFrame(i) {
  const buf = new Uint8Array(160);
  buf[0] = 0x44;
  new DataView(buf.buffer).setUint32(1, i, false);
  for (let k = 5; k < buf.length; k++) buf[k] = (i * 11 + k) & 0xff;
  return buf;
}

const timeout = setTimeout(() => {
  emit({ event: "timeout" });
  process.exit(2);
}, 30000);

const connection = await Moq.Connection.connect(new URL(url), { websocket: { enabled: true, delay: 0 } });
emit({ event: "connected" });

const broadcast = new Moq.Broadcast();
connection.publish(path, broadcast);
const downlinkDone = (async () => {
  for (;;) {
    const request = await broadcast.requested();
    if (!request) return;
    if (request.track.name !== "downlink") {
      request.track.close(new Error("not found"));
      continue;
    }
    emit({ event: "downlink-requested" });
    for (let i = 0; i < frames; i++) {
      request.track.writeFrame(downlinkFrame(i));
      await new Promise((r) => setTimeout(r, 20));
    }
    emit({ event: "downlink-sent", frames });
    return;
  }
})();

const uplink = connection.consume(path).subscribe("uplink", 0);
for (let i = 0; i < frames; i++) {
  const data = await uplink.readFrame();
  if (!data) break;
  emit({ event: "uplink-frame", data: Buffer.from(data).toString("base64") });
}

await downlinkDone;
emit({ event: "done" });
await new Promise((r) => setTimeout(r, 500));
clearTimeout(timeout);
connection.close();
process.exit(0);
