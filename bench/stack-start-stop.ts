// Starts the local stack in memory and stops it: the fixed cost every test run pays.
import { startStack } from '../local/stack.js';

const stack = await startStack({});
await stack.stop();
