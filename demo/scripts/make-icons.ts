/**
 * Draws the demo's app icons (tally marks on a teal tile) into `demo/public/icons/` as PNG,
 * with no image library: a signed distance per shape, antialiased, deflated by `node:zlib`.
 * Run after changing the drawing: `tsc -p demo && node .data/build/demo/demo/scripts/make-icons.js`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { repositoryRoot } from '../server/paths.js';

type Rgb = readonly [number, number, number];

const TEAL_TOP: Rgb = [20, 150, 140];
const TEAL_BOTTOM: Rgb = [12, 98, 110];
const WHITE: Rgb = [255, 255, 255];

/** Distance from (x, y) to the segment a-b, minus the radius: < 0 inside a capsule. */
function capsule(x: number, y: number, a: Rgb, b: Rgb, radius: number): number {
  const [ax, ay] = a;
  const [bx, by] = b;
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - radius;
}

/** Signed distance to a rounded square of half-size `h` and corner radius `r`, centred at 0.5. */
function roundedSquare(x: number, y: number, h: number, r: number): number {
  const qx = Math.abs(x - 0.5) - h + r;
  const qy = Math.abs(y - 0.5) - h + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The tally: four upright strokes and one across them, in unit coordinates. */
function marks(x: number, y: number): number {
  const strokes = [0.32, 0.43, 0.54, 0.65].map((mx) =>
    capsule(x, y, [mx, 0.3, 0], [mx, 0.7, 0], 0.032),
  );
  strokes.push(capsule(x, y, [0.24, 0.62, 0], [0.76, 0.38, 0], 0.03));
  return Math.min(...strokes);
}

function coverage(distance: number, pixel: number): number {
  return Math.max(0, Math.min(1, 0.5 - distance / pixel));
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

/** RGBA rows of an icon `size` pixels wide; `maskable` fills the whole square (safe zone). */
function draw(size: number, maskable: boolean): Uint8Array {
  const rows = new Uint8Array(size * (size * 4 + 1));
  const pixel = 1 / size;
  for (let py = 0; py < size; py++) {
    rows[py * (size * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const tile = maskable ? 1 : coverage(roundedSquare(x, y, 0.46, 0.11), pixel);
      // The maskable icon keeps the glyph inside the 80 % safe zone.
      const scale = maskable ? 0.8 : 1;
      const ink = coverage(marks(0.5 + (x - 0.5) / scale, 0.5 + (y - 0.5) / scale) * scale, pixel);
      const color = mix(mix(TEAL_TOP, TEAL_BOTTOM, y), WHITE, ink);
      const at = py * (size * 4 + 1) + 1 + px * 4;
      rows.set([...color.map(Math.round), Math.round(tile * 255)], at);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function png(size: number, rows: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const out = join(repositoryRoot(), 'demo', 'public', 'icons');
mkdirSync(out, { recursive: true });
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
  ['favicon-32.png', 32, false],
] as const) {
  writeFileSync(join(out, name), png(size, draw(size, maskable)));
}
