using System.Globalization;

namespace Vinculo.Bench;

/// <summary>Command-line options of the harness. Defaults are small enough for a quick run on a laptop.</summary>
internal sealed class BenchOptions
{
    public int Customers { get; private set; } = 100_000;
    public int InteractionsPerCustomer { get; private set; } = 20;
    public int OrderLinesPerCustomer { get; private set; } = 20;
    public int CasesPerCustomer { get; private set; }
    public int DataSeed { get; private set; } = 42;
    public int RandomSeed { get; private set; } = 20_261_122;
    public string? Db { get; private set; }
    public bool Reuse { get; private set; }
    public int Samples { get; private set; } = 10_000;
    public int HttpSeconds { get; private set; } = 20;
    public int HttpWarmupSeconds { get; private set; } = 5;
    public int HttpConnections { get; private set; } = 8;
    public bool Http { get; private set; } = true;
    public bool Wrk { get; private set; } = true;
    /// <summary>Null: automatic (on, unless the machine runs page-cache reclaim that would undo it).</summary>
    public bool? Prewarm { get; private set; }
    public string? WebDll { get; private set; }
    public int QuietWaitSeconds { get; private set; } = 60;
    public int SeedDiagRows { get; private set; } = 500_000;
    public string[]? Only { get; private set; }

    public static readonly string[] Sections = ["seed-diag", "360", "search", "http", "import", "service", "kb", "rfm-file", "warehouse", "models"];

    /// <summary>Whether any section that needs the seeded database runs.</summary>
    public bool NeedsSeed => Runs("seed-diag") || Runs("360") || Runs("search") || (Http && Runs("http")) || Runs("service") || Runs("warehouse");

    /// <summary>Rows of the models section's generated table (training time at scale).</summary>
    public int ModelRows { get; private set; } = 1_000_000;

    /// <summary>Generated articles of the kb section's latency corpus (the 240 XQuAD paragraphs come on top).</summary>
    public int KbArticles { get; private set; } = 100_000;

    /// <summary>
    /// Generated articles of the kb section on PostgreSQL (when VINCULO_BENCH_POSTGRES is set). Smaller by default: the
    /// per-row trigger that keeps kb_terms/kb_stats makes a bulk import there slow (see bench/README.md).
    /// </summary>
    public int KbPostgresArticles { get; private set; } = 2_000;

    /// <summary>The public data sets folder for the kb section (default: ../shared/datasets next to the repository).</summary>
    public string? Datasets { get; private set; }

    /// <summary>The UCI Online Retail file for the import section (default: ../shared/datasets next to the repository).</summary>
    public string? OnlineRetail { get; private set; }

    /// <summary>Whether a measurement section runs (all unless --only names some).</summary>
    public bool Runs(string section) => Only is null || Only.Contains(section, StringComparer.Ordinal);
    public Dictionary<string, string> WebEnvironment { get; } = new(StringComparer.Ordinal);
    public string? Out { get; private set; }

    public TimeSpan QuietWait => TimeSpan.FromSeconds(QuietWaitSeconds);
    public bool Help { get; private set; }

    public string Name => $"sqlite-{Size(Customers)}x{InteractionsPerCustomer}x{OrderLinesPerCustomer}" + (CasesPerCustomer > 0 ? $"x{CasesPerCustomer}c" : "");

    public static string Usage => """
        Vinculo performance harness (not tests): seeds a SQLite database with demo data and measures seeding,
        customer search, the customer 360 in-process and over HTTP, against a raw Microsoft.Data.Sqlite baseline.

        dotnet run -c Release --project bench/Vinculo.Bench -- [options]

          --customers N                  customers to seed (default 100000)
          --interactions-per-customer M  interactions per customer (default 20)
          --order-lines-per-customer L   order lines per customer, with contracts, invoices, payments and returns (default 20)
          --cases-per-customer C         service cases per customer with their history and SLA (default 0; the service
                                         section needs at least 1); bench agents and supervisors are created first
          --seed S                       demo data seed (default 42)
          --random-seed R                seed of the random ids and queries (default 20261122)
          --db PATH                      SQLite file (default <tmp>/vinculo-bench/sqlite-<N>x<M>.db)
          --reuse                        skip seeding when PATH already holds this data (same N, M and seed)
          --samples K                    measured calls per in-process benchmark (default 10000)
          --http-seconds S               measured seconds of the HTTP load (default 20; 0 skips HTTP and wrk)
          --http-warmup S                warm-up seconds before the HTTP measurement (default 5)
          --connections C                concurrent HTTP connections (default 8)
          --no-wrk                       do not run wrk even when it is installed
          --prewarm / --no-prewarm       read the database file into the OS cache before measuring, or not (default: yes,
                                         unless page-cache reclaim (DAMON) is active, which would evict it within a minute
                                         and only favour whichever measurement comes first)
          --quiet-wait S                 before each measurement, wait up to S s for other processes to use < 0.25 cores
                                         (default 60; 0 = do not wait)
          --seed-diag-rows R             rewrite R seeded interactions through BulkWriter into a scratch database with and
                                         without the FTS5/timeline indexes, to tell write-bound from generation-bound
                                         seeding (default 500000; 0 skips)
          --only LIST                    run only these measurement sections (comma-separated: seed-diag, 360, search, http,
                                         import, service, kb, rfm-file, warehouse, models); seeding (or --reuse) happens unless
                                         only import, kb, rfm-file and models run
          --model-rows N                 rows of the models section's generated 20-column table (default 1000000; 0 skips it)
          --kb-articles N                generated articles of the kb section's latency corpus (default 100000; plus the 240
                                         XQuAD paragraphs); --reuse keeps <tmp>/vinculo-bench/kb-<N>-s<S>.db when it holds them
          --datasets PATH                the public data sets for the kb section (default ../shared/datasets next to the
                                         repository); the kb section also runs on PostgreSQL when VINCULO_BENCH_POSTGRES holds
                                         an Npgsql connection string to a role that may create databases
          --kb-postgres-articles N       generated articles of the kb section on PostgreSQL (default 2000: its per-row index
                                         trigger makes a bulk import slow, so 100000 would take hours)
          --online-retail PATH           the UCI Online Retail file for the import section
                                         (default ../shared/datasets/online-retail/online_retail.csv.gz next to the repository)
          --web-env KEY=VALUE            extra environment variable for the web host (repeatable), e.g. DOTNET_gcServer=0
          --web-dll PATH                 Vinculo.Web.dll to start (default: src/Vinculo.Web/bin/<config>/net10.0)
          --out FILE                     JSON results (default bench/results/<name>-<timestamp>.json)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            int NextInt(int min)
            {
                var text = Next().Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
                {
                    throw new ArgumentException($"{arg} needs a whole number ≥ {min}, got '{text}'.");
                }

                return value;
            }

            switch (arg)
            {
                case "--customers": o.Customers = NextInt(1); break;
                case "--interactions-per-customer": o.InteractionsPerCustomer = NextInt(0); break;
                case "--order-lines-per-customer": o.OrderLinesPerCustomer = NextInt(0); break;
                case "--cases-per-customer": o.CasesPerCustomer = NextInt(0); break;
                case "--seed": o.DataSeed = NextInt(0); break;
                case "--random-seed": o.RandomSeed = NextInt(0); break;
                case "--db": o.Db = Next(); break;
                case "--reuse": o.Reuse = true; break;
                case "--samples": o.Samples = NextInt(100); break;
                case "--http-seconds": o.HttpSeconds = NextInt(0); o.Http = o.HttpSeconds > 0; break;
                case "--http-warmup": o.HttpWarmupSeconds = NextInt(0); break;
                case "--connections": o.HttpConnections = NextInt(1); break;
                case "--no-wrk": o.Wrk = false; break;
                case "--no-prewarm": o.Prewarm = false; break;
                case "--prewarm": o.Prewarm = true; break;
                case "--web-dll": o.WebDll = Next(); break;
                case "--quiet-wait": o.QuietWaitSeconds = NextInt(0); break;
                case "--seed-diag-rows": o.SeedDiagRows = NextInt(0); break;
                case "--only":
                    o.Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (o.Only.FirstOrDefault(x => !Sections.Contains(x, StringComparer.Ordinal)) is { } unknown)
                    {
                        throw new ArgumentException($"--only: unknown section '{unknown}'; use {string.Join(", ", Sections)}.");
                    }

                    break;
                case "--web-env":
                    var pair = Next().Split('=', 2);
                    if (pair.Length != 2 || pair[0].Length == 0)
                    {
                        throw new ArgumentException("--web-env needs KEY=VALUE.");
                    }

                    o.WebEnvironment[pair[0]] = pair[1];
                    break;
                case "--out": o.Out = Next(); break;
                case "--online-retail": o.OnlineRetail = Next(); break;
                case "--kb-articles": o.KbArticles = NextInt(0); break;
                case "--model-rows": o.ModelRows = NextInt(0); break;
                case "--datasets": o.Datasets = Next(); break;
                case "--kb-postgres-articles": o.KbPostgresArticles = NextInt(0); break;
                case "-h" or "--help": o.Help = true; break;
                default: throw new ArgumentException($"Unknown option '{arg}'. Use --help.");
            }
        }

        return o;
    }

    public string DbPath(string tempRoot) =>
        Path.GetFullPath(Db ?? Path.Combine(tempRoot, "vinculo-bench",
            $"sqlite-{Customers}x{InteractionsPerCustomer}x{OrderLinesPerCustomer}{(CasesPerCustomer > 0 ? $"x{CasesPerCustomer}c" : "")}-s{DataSeed}.db"));

    private static string Size(int n) => n switch
    {
        >= 1_000_000 when n % 1_000_000 == 0 => $"{n / 1_000_000}m",
        >= 1_000 when n % 1_000 == 0 => $"{n / 1_000}k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
