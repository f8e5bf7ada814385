// An empty ES module: `node empty.mjs` is node's start-up with the ESM loader, the cold-start runner's own floor.
