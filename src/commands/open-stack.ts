import { connectStack } from '../docker/connect-stack.js';
import type { StackDriver } from '../docker/stack-driver.js';
import type { CommandContext } from './context.js';

/** The stack driver for the context's config: the real engine, or what a test put in the context. */
export const openStack = (context: CommandContext): Promise<StackDriver> => (context.connectStack ?? connectStack)(context.config, context.signal, context.env);
