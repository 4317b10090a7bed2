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

module.exports = { hooks: { readPackage } };
