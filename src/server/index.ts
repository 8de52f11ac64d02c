export { buildServer, type ServerDependencies } from './app.js';
