namespace Vinculo.Core.Tests.Analytics.Files;

/// <summary>The CDNOW files the lifetime tests read: the committed slice and, when present, the public sample.</summary>
public static class CdnowFiles
{
    public const string SampleVariable = "VINCULO_CDNOW_SAMPLE";

    /// <summary>The 439 rows of the first 150 customers of CDNOW_sample.txt (tests/fixtures/cdnow).</summary>
    public static string Slice => Path.Combine(RepositoryRoot(), "tests", "fixtures", "cdnow", "CDNOW_sample_slice.txt");

    /// <summary><c>VINCULO_CDNOW_SAMPLE</c>, else ../shared/datasets/cdnow/CDNOW_sample.txt next to the repository; null when absent.</summary>
    public static string? Sample => Find(SampleVariable, "CDNOW_sample.txt");

    public static string? Master => Find("VINCULO_CDNOW_MASTER", "CDNOW_master.txt");

    private static string? Find(string variable, string name)
    {
        var path = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } given
            ? given
            : Path.Combine(RepositoryRoot(), "..", "shared", "datasets", "cdnow", name);
        return File.Exists(path) ? Path.GetFullPath(path) : null;
    }

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

/// <summary>A fact on the public CDNOW sample; skipped, with the reason, when the file is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CdnowSampleFactAttribute : FactAttribute
{
    public CdnowSampleFactAttribute()
    {
        if (CdnowFiles.Sample is null)
        {
            Skip = $"CDNOW_sample.txt is not here: set {CdnowFiles.SampleVariable} to it (or keep ../shared/datasets/cdnow next to the repository) to run this test.";
        }
    }
}

/// <summary>A fact on the whole Online Retail file; skipped, with the reason, when it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnlineRetailFullFactAttribute : FactAttribute
{
    public OnlineRetailFullFactAttribute()
    {
        if (Commerce.Import.OnlineRetailFile.Full is null)
        {
            Skip = $"The full Online Retail file is not here: set {Commerce.Import.OnlineRetailFile.FullFileVariable} to online_retail.csv.gz to run this test.";
        }
    }
}
