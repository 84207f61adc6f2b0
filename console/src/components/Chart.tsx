import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// only what the console draws (tree-shaken: bars and lines, SVG)
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts chart that follows its container's width; `label` names it for screen readers. */
export function Chart({ option, label, height = 300, onPick }: { option: ChartOption; label: string; height?: number; /** a click on a bar or point: its category */ onPick?: (category: string) => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const chart = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.setOption({ aria: { enabled: true }, ...option });
    if (onPick) chart.on('click', (e) => onPick(String(e.name)));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option, onPick]);
  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
