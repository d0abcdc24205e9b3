using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Vinculo.Core.Knowledge.Articles;

/// <summary>
/// Article bodies from Markdown to HTML that is safe to put into a page as it is: raw HTML in the Markdown is shown
/// as text, only http, https and mailto links and images (and links within the site) are kept, anything else
/// (javascript:, data:, vbscript:, file:, …) becomes the plain text of its label, and links carry
/// <c>rel="noopener noreferrer nofollow"</c>. Tables, lists, emphasis, strikethrough and code are rendered.
/// </summary>
public static class KbMarkdown
{
    public const string LinkRel = "noopener noreferrer nofollow";

    // No generic attributes ({onclick=…}), no raw HTML: only the extensions listed here.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoLinks()
        .Build();

    /// <summary>The HTML of <paramref name="markdown"/>, sanitized as described on the class.</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        Sanitize(document);
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>
    /// True for a URL a browser will only navigate or load with http, https or mailto: those schemes, or no scheme at
    /// all (a path, a query or a fragment of this site). Tabs and line breaks are dropped and leading control characters
    /// and spaces trimmed first, as browsers do.
    /// </summary>
    public static bool IsSafeUrl(string? url)
    {
        if (url is null)
        {
            return true;
        }

        var clean = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            if (clean.Length == 0 && (c <= ' ' || char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                continue;
            }

            clean.Append(c);
        }

        var text = clean.ToString();
        if (text.StartsWith('\\') || text.StartsWith("/\\", StringComparison.Ordinal))
        {
            // Browsers read backslashes as slashes: "\\host" and "/\host" leave the site. Keep it simple: refuse them.
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var delimiter = text.IndexOfAny(['/', '?', '#']);
        if (delimiter >= 0 && delimiter < colon)
        {
            // "/kb/5?at=10:30" or "#a:b": the colon is not a scheme's.
            return true;
        }

        var scheme = text[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }

    private static void Sanitize(MarkdownDocument document)
    {
        foreach (var link in document.Descendants<LinkInline>().ToList())
        {
            if (!IsSafeUrl(link.Url))
            {
                if (link.IsImage)
                {
                    link.ReplaceBy(new LiteralInline(PlainText(link)));
                }
                else
                {
                    Unwrap(link);
                }

                continue;
            }

            if (!link.IsImage)
            {
                link.GetAttributes().AddPropertyIfNotExist("rel", LinkRel);
            }
        }

        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            var url = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
            if (!IsSafeUrl(url))
            {
                autolink.ReplaceBy(new LiteralInline(autolink.Url));
                continue;
            }

            autolink.GetAttributes().AddPropertyIfNotExist("rel", LinkRel);
        }
    }

    /// <summary>Puts a link's label where the link was, without the link.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    /// <summary>The text of an inline and its children (an image's alternative text).</summary>
    private static string PlainText(ContainerInline container)
    {
        var text = new StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }

        return text.ToString();
    }
}
