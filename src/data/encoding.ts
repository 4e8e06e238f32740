/** Characters to model input: each character becomes its ASCII code (thesis 5.1), 0 is padding. */

/** Size of the code space the embedding reads (ASCII 0–127). */
export const ASCII_VOCABULARY_SIZE = 128;

/** The padding code that right-pads a batch (ASCII NUL, never part of a string). */
export const PADDING_CODE = 0;

/** ASCII codes of `s`; `row` (and `source`, where known) name the string in the error for a non-ASCII character. */
export function encodeAscii(s: string, row: number, source?: string): Int32Array {
  const codes = new Int32Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= ASCII_VOCABULARY_SIZE || code === PADDING_CODE) {
      const where = source === undefined ? `row ${row}` : `${source}, row ${row}`;
      const what = code === PADDING_CODE ? "NUL (code 0, reserved for padding)" : `"${s[i]}" (code ${code})`;
      throw new Error(`${where}: character ${what} at position ${i + 1} of "${s}" is outside ASCII 1–127`);
    }
    codes[i] = code;
  }
  return codes;
}

/** The string back from its codes, padding dropped. */
export function decodeAscii(codes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < codes.length; i++) if (codes[i] !== PADDING_CODE) s += String.fromCharCode(codes[i]!);
  return s;
}
