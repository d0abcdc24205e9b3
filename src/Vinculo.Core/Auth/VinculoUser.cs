using Microsoft.AspNetCore.Identity;

namespace Vinculo.Core.Auth;

public sealed class VinculoUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public string PreferredLanguage { get; set; } = "es";
    public DateTime CreatedAt { get; set; }
}

/// <summary>The four roles and the authorization policies built on them.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Supervisor = "Supervisor";
    public const string Agent = "Agent";
    public const string Analyst = "Analyst";

    public static readonly IReadOnlyList<string> All = [Admin, Supervisor, Agent, Analyst];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.OrdinalIgnoreCase);

    public static string Canonical(string role) => All.First(r => r.Equals(role, StringComparison.OrdinalIgnoreCase));
}

public static class Policies
{
    /// <summary>Read customers, their 360 and interactions: every signed-in role.</summary>
    public const string CustomersRead = "customers.read";
    /// <summary>Create and change customers and log interactions: the front line and its supervisors.</summary>
    public const string CustomersWrite = "customers.write";
    /// <summary>Delete customers: supervisors and administrators only.</summary>
    public const string CustomersDelete = "customers.delete";
    /// <summary>See products, contracts, orders, invoices, payments, returns and warranty claims: every signed-in role.</summary>
    public const string CommerceRead = "commerce.read";
    /// <summary>Record contracts, orders, invoices, payments, returns and claims: the front line and its supervisors.</summary>
    public const string CommerceWrite = "commerce.write";
    /// <summary>Create and change the product catalogue.</summary>
    public const string CatalogManage = "catalog.manage";
    /// <summary>See data-quality reports and duplicates.</summary>
    public const string QualityRead = "quality.read";
    /// <summary>Merge duplicate customers (destructive: the merged record disappears).</summary>
    public const string QualityMerge = "quality.merge";
    /// <summary>Import transactions and other bulk data.</summary>
    public const string DataImport = "data.import";
    /// <summary>See service cases, queues, their SLA and the service configuration: every signed-in role.</summary>
    public const string ServiceRead = "service.read";
    /// <summary>Open, answer, assign and move service cases: the front line and its supervisors.</summary>
    public const string ServiceWork = "service.work";
    /// <summary>Define business-hours calendars, SLA policies, teams and case types.</summary>
    public const string ServiceConfigure = "service.configure";
    /// <summary>See SLA compliance reports and the supervisor dashboard.</summary>
    public const string ServiceReports = "service.reports";
    /// <summary>Read and search the knowledge base.</summary>
    public const string KbRead = "kb.read";
    /// <summary>Tell whether an article helped and record its use on a case.</summary>
    public const string KbUse = "kb.use";
    /// <summary>Write, publish and archive articles, categories and synonyms.</summary>
    public const string KbEdit = "kb.edit";
    /// <summary>See agent scripts and their recorded runs.</summary>
    public const string ScriptsRead = "scripts.read";
    /// <summary>Run a script with a customer and record it.</summary>
    public const string ScriptsRun = "scripts.run";
    /// <summary>Write scripts and their selection rules.</summary>
    public const string ScriptsManage = "scripts.manage";
    /// <summary>See promotions and a customer's next best actions.</summary>
    public const string OffersRead = "offers.read";
    /// <summary>Write promotions and their eligibility.</summary>
    public const string OffersManage = "offers.manage";
    /// <summary>List and fill macros (canned replies).</summary>
    public const string MacrosUse = "macros.use";
    /// <summary>Write macros.</summary>
    public const string MacrosManage = "macros.manage";
    /// <summary>Manage users and roles.</summary>
    public const string Administration = "administration";
    /// <summary>See analytical scores, segments, models and the analytics dashboard.</summary>
    public const string AnalyticsRead = "analytics.read";
    /// <summary>Run the analytics pipeline and act on its alerts.</summary>
    public const string AnalyticsManage = "analytics.manage";
    /// <summary>Download the analytics warehouse's tables (whole-table exports of customer data).</summary>
    public const string AnalyticsExport = "analytics.export";

    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        [CustomersRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [CustomersWrite] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [CustomersDelete] = [Roles.Admin, Roles.Supervisor],
        [CommerceRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [CommerceWrite] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [CatalogManage] = [Roles.Admin, Roles.Supervisor],
        [QualityRead] = [Roles.Admin, Roles.Supervisor, Roles.Analyst],
        [QualityMerge] = [Roles.Admin, Roles.Supervisor],
        [DataImport] = [Roles.Admin],
        [ServiceRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [ServiceWork] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [ServiceConfigure] = [Roles.Admin, Roles.Supervisor],
        [ServiceReports] = [Roles.Admin, Roles.Supervisor, Roles.Analyst],
        [KbRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [KbUse] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [KbEdit] = [Roles.Admin, Roles.Supervisor],
        [ScriptsRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [ScriptsRun] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [ScriptsManage] = [Roles.Admin, Roles.Supervisor],
        [OffersRead] = [Roles.Admin, Roles.Supervisor, Roles.Agent, Roles.Analyst],
        [OffersManage] = [Roles.Admin, Roles.Supervisor],
        [MacrosUse] = [Roles.Admin, Roles.Supervisor, Roles.Agent],
        [MacrosManage] = [Roles.Admin, Roles.Supervisor],
        [Administration] = [Roles.Admin],
        [AnalyticsRead] = [Roles.Admin, Roles.Supervisor, Roles.Analyst],
        [AnalyticsManage] = [Roles.Admin, Roles.Supervisor],
        [AnalyticsExport] = [Roles.Admin, Roles.Analyst],
    };
}
