import type { Json } from '../../spec/json.ts';
import type { ToolDescriptor } from '../../spec/model.ts';
import type { ToolContext, ToolOutcome } from '../../spec/tool.ts';

/** One built-in tool: what the model sees, and how it runs once its input passed the schema. */
export interface BuiltinTool {
  descriptor: ToolDescriptor;
  run(input: { [key: string]: Json }, context: ToolContext): Promise<ToolOutcome>;
  /** Whether a call acts on the world (and so needs approval unless the workspace says otherwise). */
  actsOnWorld(input: Json): boolean;
}
