import { useId } from "react";

export type Bar = { label: string; value: number; display: string; href?: string };

const truncate = (text: string, max: number) => (Array.from(text).length > max ? `${Array.from(text).slice(0, max - 1).join("")}…` : text);

/**
 * A horizontal bar chart drawn as SVG on the server: no chart library, readable in print, announced to screen
 * readers by its title and a description listing every bar. Bars with an href link to the records behind them.
 */
export function BarChart({ title, bars, empty }: { title: string; bars: Bar[]; empty: string }) {
  const id = useId();
  const rowHeight = 26;
  const labelWidth = 190;
  const valueWidth = 110;
  const chartWidth = 640;
  const barSpace = chartWidth - labelWidth - valueWidth;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const height = Math.max(bars.length, 1) * rowHeight + 8;
  return (
    <figure className="bureau-chart">
      <svg role="img" aria-labelledby={`${id}-t ${id}-d`} viewBox={`0 0 ${chartWidth} ${height}`} width="100%" className="max-w-[640px] text-slate-800">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{bars.length === 0 ? empty : bars.map((b) => `${b.label}: ${b.display}`).join("; ")}</desc>
        {bars.length === 0 ? (
          <text x={8} y={20} fontSize={13} fill="currentColor">
            {empty}
          </text>
        ) : null}
        {bars.map((bar, index) => {
          const y = index * rowHeight + 4;
          const width = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * barSpace);
          const content = (
            <>
              <text x={labelWidth - 8} y={y + 16} fontSize={13} textAnchor="end" fill="currentColor">
                {truncate(bar.label, 14)}
              </text>
              <rect x={labelWidth} y={y + 3} width={width} height={rowHeight - 8} rx={3} fill="#2563eb" />
              <text x={labelWidth + width + 6} y={y + 16} fontSize={13} fill="currentColor">
                {bar.display}
              </text>
            </>
          );
          return bar.href ? (
            <a key={`${bar.label}-${index}`} href={bar.href} aria-label={`${bar.label}: ${bar.display}`}>
              {content}
            </a>
          ) : (
            <g key={`${bar.label}-${index}`}>{content}</g>
          );
        })}
      </svg>
      <figcaption className="mt-1 text-sm text-slate-600">{title}</figcaption>
    </figure>
  );
}
