/** Reads an HTML table (as `htmlTable` writes it) back into text, so tests compare cells rather than markup. */

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };
const unescape = (text: string) => text.replace(/&(amp|lt|gt|quot);/g, (entity) => ENTITIES[entity]!);

/** The text of every cell, one array per row: the header row first, then the body rows. */
export function tableCells(html: string): string[][] {
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => row[1]!);
  return rows.map((row) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => unescape(cell[1]!)));
}

/** The body rows of a table (header row left out), cell texts only. */
export function bodyCells(html: string): string[][] {
  return tableCells(html).slice(1);
}

/** How many body rows a table has. */
export function bodyRowCount(html: string): number {
  return bodyCells(html).length;
}

/** The cells after the first of the body row whose first cell is `first` (throws naming it when there is none). */
export function rowAfter(html: string, first: string): string[] {
  const row = bodyCells(html).find((cells) => cells[0] === first);
  if (!row) throw new Error(`no table row starts with "${first}"`);
  return row.slice(1);
}

/** The unescaped caption of a table, or "" when it has none. */
export function tableCaption(html: string): string {
  return unescape(/<caption[^>]*>(.*?)<\/caption>/s.exec(html)?.[1] ?? "");
}
