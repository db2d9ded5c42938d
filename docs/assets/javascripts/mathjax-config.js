// MathJax 3, served from this site (assets/mathjax/, copied in by the lossdocs plugin).
// Only the elements listed in startup.elements are typeset: arithmatex output on the pages and the
// notebooks' Markdown and LaTeX cells (whose Markdown keeps Jupyter's $…$ and $$…$$), so a dollar sign
// anywhere else stays text. `noundefined` is dropped so that an unknown macro becomes a visible error
// (mjx-merror) that the browser tests catch.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
    packages: { "[-]": ["noundefined"] },
  },
  startup: {
    elements: [".arithmatex", ".jp-RenderedMarkdown", ".jp-RenderedLatex"],
  },
};
