// The playbook as a graph: steps are nodes, `needs` are edges (dashed: waits implied by `from` or a
// route's branches). Dragging from a step's right handle to another step makes that one wait for it.
import '@xyflow/react/dist/style.css';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { layoutSteps } from './layout-steps.ts';
import type { StepView } from './read-playbook.ts';

type StepNodeData = { step: StepView; hasIssue: boolean };
type StepNode = Node<StepNodeData, 'step'>;

const kindLabels: Record<string, string> = {
  agent: 'Agent',
  approval: 'Approval',
  route: 'Route',
  synthesize: 'Combine',
  plan: 'Plan',
};

function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { step, hasIssue } = data;
  const who = step.kind === 'approval' ? 'a person' : step.kindValue || 'no agent yet';
  return (
    <div
      className={`pb-node pb-node-${step.kind ?? 'unknown'}${selected ? ' pb-node-selected' : ''}${hasIssue ? ' pb-node-issue' : ''}`}
      data-testid={`step-node-${step.id}`}
      data-issue={hasIssue ? 'true' : undefined}
    >
      <Handle type="target" position={Position.Left} aria-label={`Into ${step.id}`} />
      <div className="pb-node-top">
        <span className="pb-node-kind">{step.kind ? kindLabels[step.kind] : 'Step'}</span>
        {hasIssue ? (
          <span className="pb-node-mark pb-node-mark-issue" title="This step has a problem">
            !
          </span>
        ) : null}
      </div>
      <div className="pb-node-id">{step.id}</div>
      <div className="pb-node-agent">{who}</div>
      <div className="pb-node-marks">
        {step.forEach ? (
          <span className="pb-node-mark" title={`Once per item of ${step.forEach}`}>
            ⟳ each{step.concurrency ? ` ×${step.concurrency}` : ''}
          </span>
        ) : null}
        {step.kind === 'approval' ? (
          <span className="pb-node-mark" title="Waits for a person">
            ✓ sign-off
          </span>
        ) : null}
        {step.when ? (
          <span className="pb-node-mark" title={`Only when ${step.when}`}>
            ◇ if
          </span>
        ) : null}
        {step.onError === 'escalate' ? (
          <span className="pb-node-mark" title="A person decides if it fails">
            ↑ escalates
          </span>
        ) : null}
      </div>
      <Handle type="source" position={Position.Right} aria-label={`Out of ${step.id}`} />
    </div>
  );
}

const nodeTypes = { step: StepNodeView };

// Never smaller than half size: on a phone the graph starts readable and pans, rather than tiny.
const fitOptions = { padding: 0.15, maxZoom: 1, minZoom: 0.5 };

/** Fits the view again when steps come or go or the graph gets wider or narrower, so no step is off screen. */
function FitOnChange(props: { shape: string }) {
  const { fitView, getViewport, setViewport } = useReactFlow();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shape is what should trigger a new fit
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      void fitView(fitOptions).then(() => {
        // Too wide to fit (a phone): start at the first steps rather than in the middle.
        const viewport = getViewport();
        if (viewport.zoom <= fitOptions.minZoom + 0.001) setViewport({ ...viewport, x: 16 });
      });
    });
    return () => cancelAnimationFrame(frame);
  }, [props.shape, fitView]);
  return null;
}

/** The id of a need edge: `<need>-><step>`. */
export function needEdgeId(need: string, step: string): string {
  return `${need}->${step}`;
}

/** What the graph needs from the editor. */
export interface StepGraphProps {
  steps: StepView[];
  selectedStep: string | undefined;
  selectedEdge: string | undefined;
  issueSteps: Set<string>;
  onSelectStep: (id: string | undefined) => void;
  onSelectEdge: (id: string | undefined) => void;
  onConnect: (from: string, to: string) => void;
  onRemoveNeed: (step: string, need: string) => void;
}

export function StepGraph(props: StepGraphProps) {
  const { steps, selectedStep, selectedEdge, issueSteps } = props;
  const positions = useMemo(() => layoutSteps(steps), [steps]);
  const ids = useMemo(() => new Set(steps.map((step) => step.id)), [steps]);
  const nodes: StepNode[] = steps.map((step) => ({
    id: step.id,
    type: 'step',
    position: positions.get(step.id) ?? { x: 0, y: 0 },
    data: { step, hasIssue: issueSteps.has(step.id) },
    selected: step.id === selectedStep,
    deletable: false,
    draggable: false,
    ariaLabel: `Step ${step.id}, ${step.kind ?? 'no kind'}${step.kindValue ? `, ${step.kindValue}` : ''}`,
  }));
  const edges: Edge[] = [];
  for (const step of steps) {
    for (const need of step.needs) {
      if (!ids.has(need)) continue;
      const id = needEdgeId(need, step.id);
      edges.push({
        id,
        source: need,
        target: step.id,
        selected: id === selectedEdge,
        markerEnd: { type: MarkerType.ArrowClosed },
        ariaLabel: `${step.id} waits for ${need}`,
      });
    }
    for (const from of step.implicit) {
      if (!ids.has(from) || step.needs.includes(from)) continue;
      edges.push({
        id: `implied:${from}->${step.id}`,
        source: from,
        target: step.id,
        deletable: false,
        selectable: false,
        className: 'pb-edge-implied',
        markerEnd: { type: MarkerType.ArrowClosed },
        ariaLabel: `${step.id} builds on ${from}`,
      });
    }
  }

  const onNodesChange = (changes: NodeChange<StepNode>[]) => {
    for (const change of changes) {
      if (change.type === 'select' && change.selected) props.onSelectStep(change.id);
    }
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === 'select') props.onSelectEdge(change.selected ? change.id : undefined);
      if (change.type === 'remove') {
        const edge = edges.find((each) => each.id === change.id);
        if (edge && edge.deletable !== false) props.onRemoveNeed(edge.target, edge.source);
      }
    }
  };
  const onConnect = (connection: Connection) => props.onConnect(connection.source, connection.target);

  return (
    <div className="pb-graph" data-testid="playbook-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={() => {
          props.onSelectStep(undefined);
          props.onSelectEdge(undefined);
        }}
        deleteKeyCode={['Delete', 'Backspace']}
        nodesDraggable={false}
        nodesFocusable
        edgesFocusable
        fitView
        fitViewOptions={fitOptions}
        minZoom={0.15}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <FitOnChange shape={`${steps.length}:${Math.max(0, ...[...positions.values()].map((at) => at.x))}`} />
      </ReactFlow>
    </div>
  );
}
