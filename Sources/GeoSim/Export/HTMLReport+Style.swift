extension HTMLReport {
    /// Light colours by default, dark ones when the reader prefers them, charts included:
    /// the SVG's parts carry classes (`chart-bg`, `chart-text`, `chart-s0`…) whose colours
    /// come from the variables here, over the SVG's own light colours. Series colours are
    /// Okabe–Ito, lightened in dark mode where they would sink into the background (blue,
    /// black). System fonts only. Tables scroll sideways inside their wrapper when the
    /// screen is narrower than they are; the page itself never scrolls sideways.
    static let style = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --rule: #d1d9e0; --stripe: #f6f8fa; --link: #0550ae; --shadow: rgba(0, 0, 0, 0.18);
          --notice-bg: #fff8c5; --notice-rule: #d4a72c;
          --chart-bg: #ffffff; --chart-fg: #222222; --chart-muted: #555555; --chart-grid: #e3e3e3; --chart-axis: #444444; --chart-marker: #333333; --chart-window: #7f7f7f;
          --s0: #0072B2; --s1: #D55E00; --s2: #009E73; --s3: #CC79A7; --s4: #E69F00; --s5: #56B4E9; --s6: #000000; --s7: #F0E442;
          --map-land: #ECEFF2; --map-coast: #C3CAD1; --map-edge: #8C959F; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --rule: #3d444d; --stripe: #151b23; --link: #4493f8; --shadow: rgba(255, 255, 255, 0.22);
            --notice-bg: #3b2e00; --notice-rule: #9e6a03;
            --chart-bg: #0d1117; --chart-fg: #e6edf3; --chart-muted: #9198a1; --chart-grid: #262c36; --chart-axis: #8b949e; --chart-marker: #c9d1d9; --chart-window: #9198a1;
            --s0: #4FA3E0; --s1: #F07D2E; --s2: #2EC4A0; --s3: #E39AC4; --s4: #F2B33D; --s5: #8FD0F5; --s6: #D0D7DE; --s7: #F0E442;
            --map-land: #1F2630; --map-coast: #3D4753; --map-edge: #7D8590; }
        }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; }
        h1 { font-size: 1.6em; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 1.25em; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        p, li { margin: 8px 0; overflow-wrap: anywhere; }
        a { color: var(--link); }
        .meta, figcaption, .caption, footer { color: var(--muted); }
        p.summary { margin: 2px 0; }
        p.notice { background: var(--notice-bg); border-left: 4px solid var(--notice-rule); padding: 6px 10px; font-weight: 600; }
        ul.facts { padding-left: 20px; }
        ul.facts li { margin: 4px 0; }
        nav ul { list-style: none; padding: 0; margin: 12px 0; display: flex; flex-wrap: wrap; gap: 6px 18px; }
        div.table { overflow-x: auto; max-width: 100%; margin: 4px 0 20px;
          background: linear-gradient(to right, var(--bg) 30%, transparent), linear-gradient(to left, var(--bg) 30%, transparent) 100% 0,
            radial-gradient(farthest-side at 0 50%, var(--shadow), transparent), radial-gradient(farthest-side at 100% 50%, var(--shadow), transparent) 100% 0;
          background-repeat: no-repeat; background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%; background-attachment: local, local, scroll, scroll; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
        p.caption { font-size: 13px; margin: 16px 0 0; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: normal; vertical-align: bottom; min-width: 3.5em; }
        tbody tr:nth-child(even) td, tbody tr:nth-child(even) th { background: var(--stripe); }
        .num { text-align: right; }
        table.settings th { font-weight: 600; vertical-align: top; }
        table.settings td { white-space: normal; overflow-wrap: anywhere; min-width: 12em; }
        details { margin: 12px 0 20px; }
        summary { cursor: pointer; color: var(--muted); }
        figure { margin: 16px 0 28px; }
        div.chart { overflow-x: auto; max-width: 100%; }
        div.chart svg { display: block; width: 100%; min-width: 560px; max-width: 760px; height: auto; border: 1px solid var(--rule); border-radius: 6px; }
        figcaption { font-size: 13px; margin-top: 6px; max-width: 760px; }
        footer { margin-top: 40px; font-size: 13px; }
        svg .chart-bg { fill: var(--chart-bg); }
        svg .chart-text { fill: var(--chart-fg); }
        svg .chart-muted { fill: var(--chart-muted); }
        svg .chart-grid { stroke: var(--chart-grid); }
        svg .chart-axis { stroke: var(--chart-axis); }
        svg .chart-marker { stroke: var(--chart-marker); }
        svg .chart-window { fill: var(--chart-window); }
        svg .chart-reference { stroke: var(--chart-muted); }
        svg .map-land { fill: var(--map-land); stroke: var(--map-coast); }
        svg .map-sea { fill: var(--chart-bg); stroke: var(--map-coast); }
        svg .map-border { stroke: var(--map-coast); }
        svg .map-edge { stroke: var(--map-edge); }
        svg .map-halo { stroke: var(--chart-bg); }
        svg .map-hollow { fill: var(--chart-bg); }
        svg .chart-s0 { color: var(--s0); } svg .chart-s1 { color: var(--s1); } svg .chart-s2 { color: var(--s2); } svg .chart-s3 { color: var(--s3); }
        svg .chart-s4 { color: var(--s4); } svg .chart-s5 { color: var(--s5); } svg .chart-s6 { color: var(--s6); } svg .chart-s7 { color: var(--s7); }
        @media (max-width: 600px) {
          main { padding: 16px 10px 32px; }
          th, td { padding: 3px 6px; }
        }

        """
}
