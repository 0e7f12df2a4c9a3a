const { bundle } = await import('/work/main/dist/build/bundle.js');
const { loadConfig } = await import('/work/main/dist/config-load.js');
const { createHash } = await import('node:crypto');
for (const name of ['hello', 'shop', 'github']) {
  const root = '/work/main/.bench/full/fixtures/gqlambda-' + name;
  const config = await loadConfig({ cwd: root });
  const t = performance.now(); const c = process.cpuUsage();
  const r = await bundle({ root, entry: root + '/.gqlambda/handler.ts', bundle: config.bundle, profile: 'production', outDir: root + '/dist', trustedDocuments: false });
  const u = process.cpuUsage(c);
  console.log(name, Math.round(performance.now() - t), 'cpu', Math.round((u.user + u.system) / 1000), r.code.length, createHash('sha256').update(r.code).digest('hex').slice(0, 16), Object.keys(r.metafile.inputs).slice(0, 1));
}
