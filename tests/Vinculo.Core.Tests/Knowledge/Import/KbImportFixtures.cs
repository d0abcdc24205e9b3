using System.Reflection;
using Xunit.Sdk;

namespace Vinculo.Core.Tests.Knowledge.Import;

/// <summary>
/// The knowledge-base import's files: small fixtures written for the tests (next to this file), and the public data sets
/// in <c>../shared/datasets</c> next to the repository when they are there.
/// </summary>
public static class KbImportFixtures
{
    public const string XquadVariable = "VINCULO_XQUAD_EN";

    /// <summary>Two SQuAD articles (one title with a comma), three paragraphs, six questions; the last question has no answer in the text.</summary>
    public static string SquadMini => Fixture("squad-mini.json");

    /// <summary>Four FAQ entries in the COVID FAQ's layout; entry 3's answer spans three lines.</summary>
    public static string FaqMini => Fixture("faq-mini.csv");

    /// <summary>Three questions labelled with the entries of <see cref="FaqMini"/> that answer them, and one labelled -1 (none does).</summary>
    public static string FaqMiniValidation => Fixture("faq-mini-validation.csv");

    /// <summary>XQuAD English (240 paragraphs, 1,190 questions): <c>VINCULO_XQUAD_EN</c>, else ../shared/datasets; null when absent.</summary>
    public static string? XquadEnglish => Dataset(XquadVariable, "xquad", "xquad.en.json");

    public static string? Dataset(string variable, params string[] parts)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given
            ? given
            : Path.Combine([RepositoryRoot(), "..", "shared", "datasets", .. parts]);
        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

    private static string Fixture(string name) =>
        Path.Combine(RepositoryRoot(), "tests", "Vinculo.Core.Tests", "Knowledge", "Import", "Fixtures", name);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vinculo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with Vinculo.slnx) is not above the test's folder.");
    }
}

/// <summary>Runs a theory on the XQuAD English file; skipped, with the reason, when the file (or PostgreSQL) is absent.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class XquadEnglishAttribute : DataAttribute
{
    private readonly string _provider;

    public XquadEnglishAttribute(string provider)
    {
        _provider = provider;
        if (KbImportFixtures.XquadEnglish is null)
        {
            Skip = $"The XQuAD English file is not here: set {KbImportFixtures.XquadVariable} to xquad.en.json (or keep ../shared/datasets next to the repository) to run this test.";
        }
        else if (provider == "postgres" && Infrastructure.TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"PostgreSQL not available: set {Infrastructure.TestDatabase.PostgresVariable} to an Npgsql connection string (.ci/run does).";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[_provider]];
}
