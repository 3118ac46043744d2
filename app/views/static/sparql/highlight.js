/* A small SPARQL highlighter: tokens of the SPARQL 1.1 grammar (strings, IRIs, variables,
 * prefixed names, comments, keywords) wrapped in <span class="tok-...">. The text is escaped
 * before it becomes HTML. Same token rules as app/sparql/lexer.py. */
(function (global) {
  "use strict";
  var KEYWORDS = ("BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED GRAPH OPTIONAL " +
    "UNION MINUS FILTER BIND VALUES SERVICE SILENT EXISTS NOT IN AS DISTINCT REDUCED ORDER BY " +
    "ASC DESC GROUP HAVING LIMIT OFFSET INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR " +
    "DROP CREATE ADD MOVE COPY INTO TO UNDEF a true false").split(" ");
  var FUNCTIONS = ("COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES " +
    "DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE " +
    "ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS " +
    "MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF " +
    "STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE").split(" ");
  var KW = {};
  KEYWORDS.forEach(function (k) { KW[k.toUpperCase()] = "kw"; });
  FUNCTIONS.forEach(function (k) { KW[k] = "fn"; });
  var TOKEN = new RegExp([
    "(\\s+)",
    "(#[^\\r\\n]*)",
    "('''(?:[^'\\\\]|\\\\[\\s\\S]|'(?!''))*'''|\"\"\"(?:[^\"\\\\]|\\\\[\\s\\S]|\"(?!\"\"))*\"\"\"" +
      "|'(?:[^'\\\\\\r\\n]|\\\\.)*'|\"(?:[^\"\\\\\\r\\n]|\\\\.)*\")",
    "(<[^<>\"{}|^`\\\\\\x00-\\x20]*>)",
    "([?$][\\w\\u00B7\\u00C0-\\uFFFF]+)",
    "(_:[\\w\\-.\\u00B7\\u00C0-\\uFFFF]*)",
    "((?:[A-Za-z\\u00C0-\\uFFFF][\\w\\-.\\u00B7\\u00C0-\\uFFFF]*)?:(?:[\\w\\-.:%\\u00B7\\u00C0-\\uFFFF]|\\\\.)*)",
    "([A-Za-z\\u00C0-\\uFFFF][\\w\\-\\u00B7\\u00C0-\\uFFFF]*)",
    "(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
    "([0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)",
    "([\\s\\S])"
  ].join("|"), "g");
  var KINDS = [null, "ws", "comment", "str", "iri", "var", "bnode", "pname", "word", "lang",
    "num", "punct"];

  function tokenize(text) {
    var out = [], match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      for (var i = 1; i < KINDS.length; i++) {
        if (match[i] !== undefined) { out.push({ kind: KINDS[i], text: match[i] }); break; }
      }
    }
    return out;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function highlight(text) {
    return tokenize(text).map(function (token) {
      var cls = token.kind;
      if (cls === "word") { cls = KW[token.text.toUpperCase()] || "word"; }
      if (cls === "ws" || cls === "punct") { return escapeHtml(token.text); }
      return '<span class="tok-' + cls + '">' + escapeHtml(token.text) + "</span>";
    }).join("");
  }

  function queryForm(text) {
    var tokens = tokenize(text);
    for (var i = 0; i < tokens.length; i++) {
      if (tokens[i].kind === "word") {
        var word = tokens[i].text.toUpperCase();
        if (["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"].indexOf(word) >= 0) { return word; }
      }
    }
    return null;
  }

  global.SparqlHighlight = { tokenize: tokenize, highlight: highlight, queryForm: queryForm };
})(window);
