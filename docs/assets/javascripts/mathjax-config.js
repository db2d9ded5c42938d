// MathJax 3, served from this site (assets/mathjax/, copied in by the lossdocs plugin).
// Typesets arithmatex output and notebook cells; `noundefined` is dropped so that an
// unknown macro becomes a visible error (mjx-merror) that the browser tests catch.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    packages: { "[-]": ["noundefined"] },
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex|jp-RenderedLatex|jp-RenderedMarkdown",
  },
};
