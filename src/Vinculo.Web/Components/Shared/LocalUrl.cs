namespace Vinculo.Web.Components.Shared;

/// <summary>Return URLs that can only point back into this site (no open redirects).</summary>
public static class LocalUrl
{
    /// <summary><paramref name="url"/> when it is a local path such as <c>/customers/5?x=1</c>, else <paramref name="fallback"/>.</summary>
    public static string Safe(string? url, string fallback = "/")
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048)
        {
            return fallback;
        }

        // "/x" is local; "//host" and "/\host" are protocol-relative URLs to other hosts; control characters are refused.
        if (url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\')) || url.Any(char.IsControl))
        {
            return fallback;
        }

        return url;
    }
}
