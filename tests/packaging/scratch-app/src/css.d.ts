// What a bundler's client types (e.g. `vite/client`) declare for stylesheet imports.
declare module '*.css';
