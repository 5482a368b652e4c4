// Statement boundaries as PostgreSQL's own parser sees them (libpg-query: PostgreSQL 18 compiled to
// WASM). Used by SplitterOracleIT; not shipped.
//
// Usage: node pg-split.cjs <node_modules dir> <list file> [--scan]
// The list file names one UTF-8 SQL file per line. For each, one JSON line is printed:
//   {"index":N,"statements":[[start,end],...]}   start/end: UTF-16 char offsets (as in Java) of the
//                                                statement's first token and the end of its last
//                                                token, comments and the terminating ';' excluded
//   {"index":N,"error":"message","position":P}   P: char offset the parser points at, or -1
// With --scan only PostgreSQL's scanner runs, and the answer lists where its ';' tokens start and
// where all its tokens but comments start and end:
//   {"index":N,"semicolons":[offset,...],"tokens":[[start,end],...]}   or the error line above
// With --keywords (no list file) one line gives PostgreSQL's key words and their categories:
//   {"keywords":{"abort":"UNRESERVED_KEYWORD",...}}
"use strict";
const fs = require("fs");
const path = require("path");

const [modulesDir, listFile, mode] = process.argv.slice(2);
const pg = require(path.resolve(modulesDir, "libpg-query"));

/** Maps UTF-8 byte offsets of text to UTF-16 char offsets (index: byte offset). */
function byteToChar(text) {
  const map = new Int32Array(Buffer.byteLength(text, "utf8") + 1);
  let b = 0;
  for (let c = 0; c < text.length; c++) {
    const cp = text.codePointAt(c);
    const units = cp > 0xffff ? 2 : 1;
    const bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < bytes; k++) map[b + k] = c;
    b += bytes;
    c += units - 1;
  }
  map[b] = text.length;
  return map;
}

function codePointToChar(text, codePoints) {
  let c = 0;
  for (let n = 0; n < codePoints && c < text.length; n++) {
    c += text.codePointAt(c) > 0xffff ? 2 : 1;
  }
  return c;
}

function boundaries(text) {
  // The parser fails on an empty input instead of returning no statements.
  if (text.trim().length === 0) return [];
  const charAt = byteToChar(text);
  const totalBytes = charAt.length - 1;
  const tokens = pg
    .scanSync(text)
    .tokens.filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT");
  if (tokens.length === 0) return [];
  const result = [];
  for (const s of pg.parseSync(text).stmts || []) {
    const from = s.stmt_location || 0;
    const to = s.stmt_len ? from + s.stmt_len : totalBytes;
    const inside = tokens.filter((t) => t.start >= from && t.end <= to && t.tokenName !== "ASCII_59");
    if (inside.length === 0) continue;
    result.push([charAt[inside[0].start], charAt[inside[inside.length - 1].end]]);
  }
  return result;
}

function semicolons(text) {
  if (text.trim().length === 0) return { semicolons: [], tokens: [] };
  const charAt = byteToChar(text);
  let tokens;
  try {
    tokens = pg.scanSync(text).tokens;
  } catch (e) {
    throw scanError(text, e);
  }
  return {
    semicolons: tokens.filter((t) => t.tokenName === "ASCII_59").map((t) => charAt[t.start]),
    tokens: tokens
      .filter((t) => t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT")
      .map((t) => [charAt[t.start], charAt[t.end]]),
  };
}

// libpg-query 18.1.5 loses scanner errors: scanSync throws a JSON parse error quoting only the
// first 10 chars of the message ("unterminat"). The parser reports the same error in full, with
// its position, when no grammar error comes first; otherwise the 10 chars are all there is.
function scanError(text, e) {
  const quoted = /"([^"]*)"\.\.\. is not valid JSON/.exec(String(e.message));
  const prefix = quoted ? quoted[1] : String(e.message);
  try {
    pg.parseSync(text);
  } catch (parseError) {
    if (String(parseError.message).startsWith(prefix) && parseError.sqlDetails) {
      return parseError;
    }
  }
  return new Error(prefix);
}

// The grammar's token names (from @pgsql/types, which libpg-query depends on), each scanned: a
// name is a key word if the scanner says so.
function keywords() {
  const types = fs.readFileSync(require.resolve(path.resolve(modulesDir, "@pgsql/types/enums.d.ts")), "utf8");
  const tokenType = /export type Token =([^;]*);/s.exec(types);
  const result = {};
  for (const [, name] of tokenType[1].matchAll(/"([A-Z_0-9]+)"/g)) {
    const word = name.replace(/_P$/, "").toLowerCase();
    if (!/^[a-z_]+$/.test(word)) continue;
    const tokens = pg.scanSync(word).tokens;
    if (tokens.length === 1 && tokens[0].keywordName && tokens[0].keywordName !== "NO_KEYWORD") {
      result[word] = tokens[0].keywordName;
    }
  }
  return result;
}

(async () => {
  await pg.loadModule();
  if (listFile === "--keywords") {
    process.stdout.write(JSON.stringify({ keywords: keywords() }) + "\n");
    return;
  }
  const files = fs.readFileSync(listFile, "utf8").split("\n").filter((l) => l.length > 0);
  files.forEach((file, index) => {
    const text = fs.readFileSync(file, "utf8");
    let line;
    try {
      line =
        mode === "--scan" ? { index, ...semicolons(text) } : { index, statements: boundaries(text) };
    } catch (e) {
      // cursorPosition counts code points from 0 (PostgreSQL's error position, less one).
      const cursor = e.sqlDetails ? e.sqlDetails.cursorPosition : -1;
      const position = cursor >= 0 ? codePointToChar(text, cursor) : -1;
      line = { index, error: String(e.message), position };
    }
    process.stdout.write(JSON.stringify(line) + "\n");
  });
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(2);
});
