// The run's steps as a read-only graph, laid out by DAG depth (left to right), each node coloured by
// where its step stands right now; a fan-out shows how many of its items are done.
import '@xyflow/react/dist/style.css';
import { type Edge, Handle, type Node, type NodeProps, Position, ReactFlow } from '@xyflow/react';
import { useMemo } from 'react';
import type { RunState } from '../../../../src/spec/run-state.ts';
import { layoutByDepth } from '../../components/layout-by-depth.ts';
import { statusLabel, stepInputs, stepKindLabel, stepViewStatus, type ViewStatus } from './run-view.ts';

type StepNodeData = { stepId: string; kind: string; status: ViewStatus; progress?: string; selected: boolean };
type StepNode = Node<StepNodeData, 'step'>;

function StepNodeView(props: NodeProps<StepNode>) {
  const { stepId, kind, status, progress, selected } = props.data;
  return (
    <div
      className={`run-node run-node-${status}${selected ? ' run-node-selected' : ''}`}
      data-testid={`run-step-${stepId}`}
      data-status={status}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="run-node-title">{stepId}</div>
      <div className="run-node-kind">{kind}</div>
      <div className="run-node-status">
        <span className="run-dot" aria-hidden="true" />
        {statusLabel[status]}
        {progress ? <span className="run-node-progress">{progress}</span> : null}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { step: StepNodeView };

/** The graph of the run's steps (plan tasks included once added); a click selects a step. */
export function RunGraph(props: {
  state: RunState;
  version: number;
  selected: string | undefined;
  onSelect: (step: string) => void;
}) {
  const { state, version, selected, onSelect } = props;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the state is updated in place; version says when
  const { nodes, edges } = useMemo(() => {
    const ids = Object.keys(state.playbook?.steps ?? {});
    const positions = layoutByDepth(ids, (id) => stepInputs(state, id), { column: 215, row: 92 });
    const nodes: StepNode[] = [];
    const edges: Edge[] = [];
    for (const id of ids) {
      const stepState = state.steps[id];
      const status = stepViewStatus(state, id);
      const progress = stepState?.items ? `${stepState.unitsSettled}/${stepState.items.length}` : undefined;
      nodes.push({
        id,
        type: 'step',
        position: positions.get(id)!,
        data: {
          stepId: id,
          kind: stepKindLabel(state, id),
          status,
          selected: id === selected,
          ...(progress ? { progress } : {}),
        },
        draggable: false,
        connectable: false,
      });
      for (const need of stepInputs(state, id)) {
        edges.push({
          id: `${need}->${id}`,
          source: need,
          target: id,
          animated: status === 'running',
          className: `run-edge-${stepViewStatus(state, need)}`,
        });
      }
    }
    return { nodes, edges };
  }, [state, version, selected]);

  return (
    <div className="run-graph">
      <ReactFlow
        // Steps a plan adds later need the view fitted again.
        key={nodes.length}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        onNodeClick={(_, node) => onSelect(node.id)}
        fitView
        fitViewOptions={{ padding: 0.12, maxZoom: 1.1 }}
        minZoom={0.55}
        proOptions={{ hideAttribution: true }}
        zoomOnScroll={false}
        preventScrolling={false}
      />
    </div>
  );
}
