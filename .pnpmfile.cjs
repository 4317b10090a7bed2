// The React 18 test run (project `jsdom-react18` in vitest.config.ts) installs react-dom 18 under
// the alias `react-dom-18`, beside the workspace's React 19. As a peer, its `react` would resolve to
// React 19 and fail to load, so react-dom 18 gets react 18 as its own dependency instead.
function readPackage(manifest) {
  if (manifest.name === 'react-dom' && manifest.version.startsWith('18.')) {
    const { react: reactRange, ...otherPeers } = manifest.peerDependencies ?? {};
    manifest.peerDependencies = otherPeers;
    manifest.dependencies = { ...manifest.dependencies, react: reactRange ?? manifest.version };
  }
  return manifest;
}

// In the workspace, in-repo packages resolve each other from source through the `@ats-zoom/source`
// export condition (vitest, tsx, tsc). The published packages ship no sources, so `pnpm pack` and
// `pnpm publish` drop that condition from the exports they write.
const sourceCondition = '@ats-zoom/source';

function withoutSourceCondition(exportsField) {
  if (typeof exportsField !== 'object' || exportsField === null) return exportsField;
  return Object.fromEntries(
    Object.entries(exportsField)
      .filter(([key]) => key !== sourceCondition)
      .map(([key, target]) => [key, withoutSourceCondition(target)]),
  );
}

function beforePacking(manifest) {
  if (manifest.exports !== undefined) manifest.exports = withoutSourceCondition(manifest.exports);
  return manifest;
}

module.exports = { hooks: { readPackage, beforePacking } };
