import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateSync, crc32 } from "node:zlib";
import {
  figureIndex,
  latexCaption,
  latexEscape,
  pngDpi,
  svgWithTitle,
  untitled,
  withPngDpi,
} from "../../src/plots/image-export";
import { barChart } from "../../src/plots/charts";

/** A 1×1 white PNG (IHDR, IDAT, IEND), optionally with a pHYs chunk. */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.from([0, 255, 255, 255]))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("withPngDpi adds one pHYs chunk after IHDR with a valid CRC; pngDpi reads it back", () => {
  const png = tinyPng();
  assert.equal(pngDpi(png), null);
  const tagged = withPngDpi(png, 300);
  assert.equal(tagged.toString("latin1", 37, 41), "pHYs", "pHYs follows IHDR");
  assert.equal(tagged.readUInt32BE(41), 11811, "300 dpi is 11811 pixels per metre");
  assert.equal(tagged.readUInt32BE(50), crc32(tagged.subarray(37, 50)) >>> 0, "the chunk's CRC is right");
  assert.equal(Math.round(pngDpi(tagged)!.x), 300);
  const again = withPngDpi(tagged, 600);
  assert.equal(again.length, tagged.length, "an existing pHYs is replaced, not doubled");
  assert.equal(Math.round(pngDpi(again)!.y), 600);
  assert.throws(() => withPngDpi(Buffer.from("GIF89a"), 300), /not a PNG/);
});

test("latexEscape and latexCaption: specials escaped, the figures' Unicode spelled for LaTeX", () => {
  assert.equal(
    latexEscape("R² of 50% & more_x #1 ± s.d. –"),
    "R\\textsuperscript{2} of 50\\% \\& more\\_x \\#1 $\\pm$ s.d. --",
  );
  assert.equal(
    latexCaption("r2", { title: "R² per variant", reference: "thesis table 6.5" }),
    "\\caption{R\\textsuperscript{2} per variant (thesis table 6.5).}\n\\label{fig:r2}\n",
  );
});

test(
  "untitled drops the drawn title and keeps it as the caption; " + "svgWithTitle puts the caption first in the SVG",
  () => {
    const titled = barChart(["a"], [{ name: "s", values: [1] }], { title: "Counts <b>per</b> split" });
    assert.ok(titled.layout.title, "a notebook figure draws its title");
    const plain = untitled(titled);
    assert.equal(plain.layout.title, undefined);
    assert.equal(plain.caption?.title, "Counts <b>per</b> split");
    const noCaption = untitled({ data: [], layout: { title: { text: "Only <i>drawn</i>" } } });
    assert.deepEqual(noCaption.caption, { title: "Only drawn" }, "a figure without a caption gets one from its title");
    const svg = svgWithTitle('<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>', {
      title: "A & B",
      reference: "thesis figure 1",
    });
    assert.equal(
      svg,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10"><title>A &amp; B (thesis figure 1).</title><g/></svg>',
    );
  },
);

test("figureIndex lists each figure with its caption, printed size and links", () => {
  const md = figureIndex(
    [
      {
        name: "bars",
        caption: { title: "A | B" },
        width: 336,
        height: 240,
        files: ["/o/bars.pdf", "/o/bars.caption.txt"],
      },
    ],
    "/o",
    { preset: "column" },
  );
  assert.match(
    md,
    /\| `bars` \| A \\\| B\. \| 3\.50 × 2\.50 \| \[pdf\]\(bars\.pdf\) \[caption\.txt\]\(bars\.caption\.txt\) \|/,
  );
  assert.match(md, /at the `column` preset/);
});
