import { startBackground } from '../background/start';

export default defineBackground({ type: 'module', main: () => startBackground() });
