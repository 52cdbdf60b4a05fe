// require() of every entry point: each loads (none has a top-level await or a static import of an optional peer).
const entries = ['wengert', 'wengert/parse', 'wengert/plot', 'wengert/datasets', 'wengert/node'];
console.log(JSON.stringify(Object.fromEntries(entries.map((e) => [e, Object.keys(require(e)).length]))));
