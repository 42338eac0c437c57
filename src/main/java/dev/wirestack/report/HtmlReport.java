package dev.wirestack.report;

import java.util.List;

/**
 * Writes one self-contained HTML page: inline CSS, inline SVG, no script and nothing fetched from the network, so
 * that it opens anywhere, offline, and the same content gives the same bytes. Sections are added in reading order.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; \
            line-height: 1.45; padding: 0 1em; }
            h1 { border-bottom: 2px solid #1f4e79; padding-bottom: .2em; }
            h2 { margin-top: 2em; color: #1f4e79; }
            figure { margin: 1em 0; overflow-x: auto; }
            figcaption { color: #555; font-size: .9em; }
            table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
            th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: right; }
            th { background: #eef3f8; } td.name, th.name { text-align: left; }
            pre { background: #f6f8fa; padding: .8em; overflow-x: auto; font-size: .8em; }
            .ok { color: #1a7f37; } .bad { color: #c00000; }
            """;

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
        body.append("<h1>").append(Svg.escape(title)).append("</h1>\n");
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(Svg.escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(Svg.escape(text)).append("</p>\n");
        return this;
    }

    public HtmlReport preformatted(String text) {
        body.append("<pre>").append(Svg.escape(text)).append("</pre>\n");
        return this;
    }

    /** Text that folds away: shown when the reader opens it. */
    public HtmlReport details(String summary, String text) {
        body.append("<details><summary>").append(Svg.escape(summary)).append("</summary><pre>")
                .append(Svg.escape(text)).append("</pre></details>\n");
        return this;
    }

    /** An SVG drawing (written by this package's renderers), with a caption. */
    public HtmlReport figure(String svg, String caption) {
        body.append("<figure>\n").append(svg).append("<figcaption>").append(Svg.escape(caption))
                .append("</figcaption></figure>\n");
        return this;
    }

    /** A table: the first column is a name, the others values. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table><tr>");
        for (int i = 0; i < header.size(); i++) {
            body.append(i == 0 ? "<th class=\"name\">" : "<th>").append(Svg.escape(header.get(i))).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                body.append(i == 0 ? "<td class=\"name\">" : "<td>").append(Svg.escape(row.get(i))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** Links to files written beside the page (relative, so the directory can be moved as a whole). */
    public HtmlReport links(List<String> fileNames, String explanation) {
        body.append("<p>").append(Svg.escape(explanation)).append("</p><ul>\n");
        for (String name : fileNames) {
            body.append("<li><a href=\"").append(Svg.escape(name)).append("\">").append(Svg.escape(name))
                    .append("</a></li>\n");
        }
        body.append("</ul>\n");
        return this;
    }

    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + Svg.escape(title)
                + "</title>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n"
                + STYLE + "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }
}
