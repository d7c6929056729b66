// Independent MoQT peer for the ClutchCall interop test: @kixelated/moq 0.9.4 over the WebSocket polyfill.
// Usage: node --import ./register-hooks.mjs voice-peer.mjs <url> <sid> <frames>
// Subscribes to voice/<sid>/downlink and prints each frame (base64) as a JSON line,
// publishes voice/<sid> and answers the server's SUBSCRIBE to "uplink" with <frames> frames, 20 ms apart.
import { runPeer } from "./moq-peer.mjs";

const [url, sid, framesArg] = process.argv.slice(2);

// Uplink frame i: 4-byte big-endian index, then 156 bytes of a pattern derived from it (160 bytes ~ one G.711 frame).
function uplinkFrame(i) {
  const buf = new Uint8Array(160);
  new DataView(buf.buffer).setUint32(0, i, false);
  for (let k = 4; k < buf.length; k++) buf[k] = (i * 7 + k) & 0xff;
  return buf;
}

await runPeer({ url, sid, frames: Number(framesArg ?? "10"), publishTrack: "uplink", subscribeTrack: "downlink", makeFrame: uplinkFrame });
