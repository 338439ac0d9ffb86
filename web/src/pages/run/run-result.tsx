// The run's result, at the top of the page once it succeeded: a synthesized kit as its summary and
// parts (each with where it came from), anything else as it is.
import type { Json } from '../../../../src/spec/json.ts';
import { ShowJson } from './show-json.tsx';

interface SynthesizedPart {
  text: string;
  sources?: string[];
  steps?: string[];
  agents?: string[];
}

function asSynthesis(value: Json | undefined): { summary: string; parts: SynthesizedPart[] } | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { summary, parts } = value as Record<string, Json>;
  if (typeof summary !== 'string' || !Array.isArray(parts)) return undefined;
  return { summary, parts: parts as unknown as SynthesizedPart[] };
}

/** The final output of a succeeded run. */
export function RunResult(props: { output: Json | undefined }) {
  const synthesis = asSynthesis(props.output);
  return (
    <section className="card run-result" data-testid="run-result" aria-labelledby="run-result-title">
      <h2 id="run-result-title">Result</h2>
      {synthesis ? (
        <>
          <p className="run-result-summary">{synthesis.summary}</p>
          <ol className="run-parts">
            {synthesis.parts.map((part, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id; their order is the output's
              <li key={index} className="run-part">
                <div className="run-prose">{part.text}</div>
                {part.sources?.length ? (
                  <div className="run-part-sources">
                    From{' '}
                    {part.sources.map((source, at) => (
                      <span key={source} className="tag">
                        {source}
                        {part.agents?.[at] ? ` · ${part.agents[at]}` : ''}
                      </span>
                    ))}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <ShowJson value={props.output} />
      )}
    </section>
  );
}
