namespace Vinculo.E2E.Infrastructure;

/// <summary>
/// A browser test: skipped, with the reason shown, when Chromium is not installed. The executable is
/// <c>VINCULO_TEST_CHROMIUM</c> or Debian's <c>/usr/bin/chromium</c>; Playwright's own browsers are never downloaded.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Browser.ExecutablePath))
        {
            Skip = $"Chromium not found at {Browser.ExecutablePath}: install the Debian package 'chromium' or set VINCULO_TEST_CHROMIUM.";
        }
    }
}
