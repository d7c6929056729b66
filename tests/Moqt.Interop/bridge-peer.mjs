// Independent MoQT peer for the gateway's audio bridge edge: @kixelated/moq 0.9.4 over the WebSocket polyfill.
// Usage: node --import ./register-hooks.mjs bridge-peer.mjs <url with ?jwt=> <sid> <frames>
// Acts as an `attach` bridge: subscribes to voice/<sid>/uplink and prints <frames> frames (base64) as JSON lines,
// publishes voice/<sid> and answers the gateway's SUBSCRIBE to "downlink" with <frames> frames, 20 ms apart.
import { runPeer } from "./moq-peer.mjs";

const [url, sid, framesArg] = process.argv.slice(2);

// Downlink frame i: "D", 4-byte big-endian index, then 155 bytes of a pattern derived from it (160 bytes).
function downlinkFrame(i) {
  const buf = new Uint8Array(160);
  buf[0] = 0x44;
  new DataView(buf.buffer).setUint32(1, i, false);
  for (let k = 5; k < buf.length; k++) buf[k] = (i * 11 + k) & 0xff;
  return buf;
}

await runPeer({ url, sid, frames: Number(framesArg ?? "10"), publishTrack: "downlink", subscribeTrack: "uplink", makeFrame: downlinkFrame });
