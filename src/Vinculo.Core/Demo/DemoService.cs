using System.Globalization;
using System.Text.Json;
using Vinculo.Core.Service;
using Vinculo.Core.Storage.Bulk;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;

namespace Vinculo.Core.Demo;

/// <summary>A user who works cases in the demo: an agent, supervisor or administrator already in the database.</summary>
internal sealed record DemoAgent(string UserId, string Name, string Role);

/// <summary>A team cases go to, with the users who work them (may be none).</summary>
internal sealed record DemoTeam(long Id, string Name, IReadOnlyList<DemoAgent> Members);

/// <summary>
/// The demo company's service desk: three teams (support, billing, after-sales), a Madrid office calendar with the
/// Spanish national holidays and a 24×7 one, four SLA policies (corporate, the support team, platinum customers,
/// complaints), and cases over the last twelve months with their history. A case's events follow the workflow (created,
/// assigned, opened by the first reply, conversation, waits on the customer or someone inside, resolved, closed, now and
/// then reopened) at plausible times: agents answer within business hours and faster for urgent cases and valuable
/// customers, customers answer at any hour. About 15 % of the cases are still active, mostly recent ones; about half of
/// the others were closed a week after their resolution. About five events per case on average.
/// The SLA columns are those the real engine gives (<see cref="SlaConfiguration.Compute"/> and <see cref="CaseSla.Apply"/>),
/// and alarms already due count as fired, so the alarm job starts with nothing overdue. Its own seeded random stream:
/// adding cases does not change the customers a seed produces.
/// </summary>
internal sealed class DemoService
{
    public const string SupportTeam = "Soporte";
    public const string BillingTeam = "Facturación";
    public const string AfterSalesTeam = "Postventa";
    public const string OfficeCalendar = "Oficina Madrid (L-V 9-18)";
    public const string AlwaysOpenCalendar = "24x7";
    public static readonly string[] TeamNames = [SupportTeam, BillingTeam, AfterSalesTeam];

    private const int SubjectsPerType = 60;
    private static readonly TimeSpan Window = TimeSpan.FromDays(365);
    private static readonly TimeSpan CloseAfter = TimeSpan.FromDays(7);

    private static readonly string[] Types = ["question", "incident", "complaint", "return", "warranty", "request"];
    private static readonly int[] TypeWeights = Cumulative([28, 24, 12, 12, 8, 16]);
    private static readonly Channel[] Channels = [Channel.Phone, Channel.Email, Channel.Chat, Channel.Web, Channel.InstantMessaging, Channel.Social, Channel.InPerson];
    private static readonly int[] ChannelWeights = Cumulative([35, 28, 14, 12, 6, 2, 3]);

    private readonly Random _rng;
    private readonly DateTime _now;
    private readonly SlaConfiguration _config;
    private readonly BusinessCalendar _office;
    private readonly TimeZoneInfo _zone;
    private readonly DemoTeam?[] _teams;
    private readonly string[] _agentNames;
    private readonly Dictionary<string, string[]> _subjectsEs = [];
    private readonly Dictionary<string, string[]> _subjectsEn = [];
    private readonly Script _script;

    public DemoService(int seed, DateTime now, SlaConfiguration config, IReadOnlyList<DemoTeam> teams, BusinessCalendar office)
    {
        _rng = new Random(unchecked(seed * 6151 + 29));
        _now = now;
        _config = config;
        _office = office;
        _zone = office.TimeZone;
        // Cases go to the demo teams by name; a database with other teams spreads them over those.
        _teams = TeamNames.Select((name, i) => teams.FirstOrDefault(t => t.Name == name) ?? (teams.Count > 0 ? teams[i % teams.Count] : null)).ToArray();
        _agentNames = ["Lucía Romero", "Javier Ortega", "Marta Gil", "Sergio Navarro", "Elena Castro", "Pablo Iglesias Vidal", "Nuria Serrano", "Diego Molina"];
        var texts = new Random(unchecked(seed * 409 + 5));
        foreach (var type in Types)
        {
            _subjectsEs[type] = Subjects(DemoServiceTexts.SubjectsEs[type], DemoServiceTexts.ProductsEs, "PED-", texts);
            _subjectsEn[type] = Subjects(DemoServiceTexts.SubjectsEn[type], DemoServiceTexts.ProductsEn, "ORD-", texts);
        }

        _script = new Script(this);
    }

    /// <summary>The demo configuration: calendars, teams with <paramref name="agents"/> as members, and policies.</summary>
    public static ServiceBatch Configuration(DateTime now, IReadOnlyList<DemoAgent> agents)
    {
        var batch = new ServiceBatch();
        var years = Enumerable.Range(now.Year - 1, 3);
        var office = new ServiceCalendar
        {
            Name = OfficeCalendar, TimeZone = "Europe/Madrid", CreatedAt = now, UpdatedAt = now, Version = 1,
            Definition = new CalendarDefinition(
                [.. Weekdays.Select(d => new WeeklyHoursDocument(d, "09:00", "18:00"))],
                [.. years.SelectMany(SpanishHolidays.Of)]).ToJson(),
        };
        var always = new ServiceCalendar
        {
            Name = AlwaysOpenCalendar, TimeZone = "Europe/Madrid", CreatedAt = now, UpdatedAt = now, Version = 1,
            Definition = new CalendarDefinition([.. Enum.GetValues<DayOfWeek>().Select(d => new WeeklyHoursDocument(d, "00:00", "24:00"))]).ToJson(),
        };
        batch.Calendars.AddRange([office, always]);

        var supervisors = agents.Where(a => a.Role != Auth.Roles.Agent).ToList();
        var front = agents.Where(a => a.Role == Auth.Roles.Agent).ToList();
        (string Name, string Description, AssignmentStrategy Strategy, string Skills)[] teams =
        [
            (SupportTeam, "Incidencias técnicas y consultas (support)", AssignmentStrategy.LeastLoaded, "tecnico"),
            (BillingTeam, "Facturas, cobros y cambios de contrato (billing)", AssignmentStrategy.RoundRobin, "facturacion"),
            (AfterSalesTeam, "Devoluciones, garantías y reclamaciones (after-sales)", AssignmentStrategy.RoundRobin, "postventa"),
        ];
        for (var i = 0; i < teams.Length; i++)
        {
            var (name, description, strategy, skills) = teams[i];
            var team = new Team
            {
                Name = name, Description = description, Strategy = strategy, SupervisorId = supervisors.FirstOrDefault(s => s.Role == Auth.Roles.Supervisor)?.UserId,
                CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            // Agents are spread over the teams; supervisors and administrators belong to all three.
            foreach (var agent in front.Where((_, k) => k % teams.Length == i).Concat(supervisors))
            {
                team.Members.Add(new TeamMember { UserId = agent.UserId, Skills = skills, Available = true });
            }

            batch.Teams.Add(team);
        }

        static string Targets(params (CasePriority Priority, int? First, int? Next, int? Resolution)[] rows) =>
            PolicyTargets.ToJson(rows.ToDictionary(r => r.Priority, r => new TargetMinutes(r.First, r.Next, r.Resolution)));
        static string Rules(params EscalationRule[] rules) => EscalationRule.ToJson(rules);
        ServicePolicy Policy(string name, SlaScope scope, string? key, string targets, string escalations) => new()
        {
            Name = name, Scope = scope, ScopeKey = key, Targets = targets, Escalations = escalations, Active = true,
            CreatedAt = now, UpdatedAt = now, Version = 1,
        };

        // Business minutes on the office calendar (9 hours a day) unless said otherwise.
        batch.Add(Policy("ANS corporativo", SlaScope.Corporate, null,
            Targets((CasePriority.Urgent, 60, 120, 540), (CasePriority.High, 240, 480, 1_620), (CasePriority.Normal, 540, 1_080, 2_700), (CasePriority.Low, 1_080, 2_160, 5_400)),
            Rules(new EscalationRule(SlaAlarmKind.Breach, null, EscalationAction.NotifySupervisor))), office);
        batch.Add(Policy("ANS Soporte: primera respuesta", SlaScope.Team, null,
            Targets((CasePriority.Urgent, 30, 60, null), (CasePriority.High, 120, 240, null), (CasePriority.Normal, 240, 480, null), (CasePriority.Low, 480, 960, null)),
            Rules(new EscalationRule(SlaAlarmKind.Warning, SlaTarget.FirstResponse, EscalationAction.NotifySupervisor))), office, batch.Teams[0]);
        batch.Add(Policy("ANS clientes platino (24x7)", SlaScope.CustomerTier, "platinum",
            Targets((CasePriority.Urgent, 15, 30, 240), (CasePriority.High, 30, 60, 480), (CasePriority.Normal, 60, 120, 960), (CasePriority.Low, 120, 240, 1_440)),
            Rules(new EscalationRule(SlaAlarmKind.Warning, null, EscalationAction.NotifySupervisor),
                new EscalationRule(SlaAlarmKind.Breach, SlaTarget.Resolution, EscalationAction.RaisePriority))), always);
        batch.Add(Policy("ANS reclamaciones", SlaScope.CaseType, "complaint",
            Targets((CasePriority.Urgent, 60, null, 540), (CasePriority.High, 120, null, 1_080), (CasePriority.Normal, 240, null, 2_160), (CasePriority.Low, 480, null, 4_320)),
            Rules(new EscalationRule(SlaAlarmKind.Breach, null, EscalationAction.NotifySupervisor))), office);
        return batch;
    }

    /// <summary>
    /// Cases for <paramref name="customers"/>, exactly <paramref name="casesPerCustomer"/> each, in order of creation: as in
    /// production, ids grow with time, so the recent (mostly active) cases of a batch sit side by side.
    /// </summary>
    public ServiceBatch Next(IReadOnlyList<Customer> customers, int casesPerCustomer)
    {
        var cases = new List<(ServiceCase Case, Customer Customer, List<CaseEvent> Events)>(customers.Count * casesPerCustomer);
        foreach (var customer in customers)
        {
            for (var i = 0; i < casesPerCustomer; i++)
            {
                cases.Add(NextCase(customer));
            }
        }

        var batch = new ServiceBatch();
        foreach (var (c, customer, events) in cases.OrderBy(x => x.Case.CreatedAt))
        {
            batch.Add(c, customer, events);
        }

        return batch;
    }

    private (ServiceCase, Customer, List<CaseEvent>) NextCase(Customer customer)
    {
        var english = customer.PreferredLanguage == "en";
        var type = Types[Pick(TypeWeights)];
        var channel = Channels[Pick(ChannelWeights)];
        var priority = PriorityFor(type);
        var team = TeamFor(type);
        var plan = PlanStatus();
        var created = CreatedAt(plan, channel);
        var members = team?.Members ?? [];
        var agents = members.Where(m => m.Role == Auth.Roles.Agent).ToList();
        var pool = agents.Count > 0 ? agents : members;
        var assignee = pool.Count > 0 && (plan != CaseStatus.New || _rng.Next(2) == 0) ? pool[_rng.Next(pool.Count)] : null;
        var agentName = assignee?.Name ?? _agentNames[_rng.Next(_agentNames.Length)];
        var subjects = english ? _subjectsEn[type] : _subjectsEs[type];
        var c = new ServiceCase
        {
            Type = type, Channel = channel, Priority = priority, TeamId = team?.Id, AssigneeId = assignee?.UserId,
            Subject = subjects[_rng.Next(subjects.Length)],
            CustomerRank = CustomerValue.TierRank(customer.Tier),
        };
        c.Description = Pick(english ? DemoServiceTexts.DescriptionsEn[type] : DemoServiceTexts.DescriptionsEs[type]);
        var tags = DemoServiceTexts.Tags[type];
        for (var roll = _rng.Next(100); roll < 45; roll += 40)
        {
            var tag = tags[_rng.Next(tags.Length)];
            if (c.Tags.TrueForAll(t => t.Tag != tag))
            {
                c.Tags.Add(new CaseTag { Tag = tag });
            }
        }

        var speed = customer.Tier switch { "platinum" => 0.3, "gold" => 0.6, _ => 1.0 };
        var events = _script.Run(new CaseFacts(c, customer, english, agentName, assignee, plan, speed), created, _rng.NextInt64());
        c.CreatedById = events[0].ActorId;
        c.CreatedAt = events[0].OccurredAt;
        c.LastEventAt = c.UpdatedAt = events[^1].OccurredAt;
        c.Version = events.Count;
        c.IsActive = CaseWorkflow.IsActive(c.Status);

        var snapshot = _config.Compute(c, events, customer.Segment, customer.Tier, _now);
        var marks = new SlaAlarmMarks();
        foreach (var alarm in SlaAlarms.Due(snapshot, marks, _now))
        {
            marks = SlaAlarms.Fire(marks, alarm);
        }

        marks.WriteTo(c);
        CaseSla.Apply(c, snapshot);
        return (c, customer, events);
    }

    private CasePriority PriorityFor(string type)
    {
        var roll = _rng.Next(100);
        return type switch
        {
            "incident" => roll < 5 ? CasePriority.Low : roll < 55 ? CasePriority.Normal : roll < 88 ? CasePriority.High : CasePriority.Urgent,
            "complaint" => roll < 55 ? CasePriority.Normal : roll < 90 ? CasePriority.High : CasePriority.Urgent,
            _ => roll < 14 ? CasePriority.Low : roll < 78 ? CasePriority.Normal : roll < 96 ? CasePriority.High : CasePriority.Urgent,
        };
    }

    private DemoTeam? TeamFor(string type)
    {
        var roll = _rng.Next(100);
        return type switch
        {
            "question" => _teams[roll < 55 ? 0 : 1],
            "incident" => _teams[0],
            "complaint" => _teams[roll < 45 ? 2 : roll < 80 ? 1 : 0],
            "return" or "warranty" => _teams[2],
            _ => _teams[roll < 60 ? 1 : 0],
        };
    }

    /// <summary>
    /// Where the case should end up: 15 % active (new, open, pending, reopened), 38 % resolved (closing is left to the
    /// customer or the agent), 47 % closed (a week after the resolution).
    /// </summary>
    private CaseStatus PlanStatus()
    {
        var roll = _rng.Next(1000);
        return roll switch
        {
            < 22 => CaseStatus.New,
            < 75 => CaseStatus.Open,
            < 112 => CaseStatus.PendingCustomer,
            < 127 => CaseStatus.PendingInternal,
            < 150 => CaseStatus.Reopened,
            < 530 => CaseStatus.Resolved,
            _ => CaseStatus.Closed,
        };
    }

    /// <summary>
    /// Creation instant: active cases are mostly days old (a few form a backlog of weeks), reopened ones up to ten days,
    /// resolved and closed ones anywhere in the year. Phone, chat and counter cases arrive in office hours; the rest at any
    /// hour, more by day.
    /// </summary>
    private DateTime CreatedAt(CaseStatus plan, Channel channel)
    {
        var ago = plan switch
        {
            CaseStatus.Closed or CaseStatus.Resolved => TimeSpan.FromDays(10 + _rng.NextDouble() * (Window.TotalDays - 10)),
            CaseStatus.Reopened => TimeSpan.FromDays(1 + _rng.NextDouble() * 9),
            _ => _rng.Next(100) switch
            {
                < 60 => TimeSpan.FromDays(_rng.NextDouble() * 3),
                < 90 => TimeSpan.FromDays(3 + _rng.NextDouble() * 11),
                _ => TimeSpan.FromDays(14 + _rng.NextDouble() * 46),
            },
        };
        var at = _now - ago;
        var local = TimeZoneInfo.ConvertTimeFromUtc(at, _zone);
        var office = channel is Channel.Phone or Channel.Chat or Channel.InPerson || _rng.Next(100) < 70;
        if (office)
        {
            var day = local.Date;
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                day = day.AddDays(-1);
            }

            local = day.AddMinutes(9 * 60 + _rng.Next(9 * 60));
        }
        else
        {
            local = local.Date.AddMinutes(_rng.Next(24 * 60));
        }

        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // inside the hour skipped when the clocks go forward
        }

        var utc = TimeZoneInfo.ConvertTimeToUtc(local, _zone);
        return utc < _now ? new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc) : _now.AddHours(-1);
    }

    private int Pick(int[] cumulative)
    {
        var index = Array.BinarySearch(cumulative, _rng.Next(cumulative[^1]) + 1);
        return index >= 0 ? index : ~index;
    }

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private static int[] Cumulative(int[] weights)
    {
        var total = 0;
        return weights.Select(w => total += w).ToArray();
    }

    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static string[] Subjects(string[] templates, string[] products, string orderPrefix, Random rng)
    {
        var subjects = new string[SubjectsPerType];
        for (var i = 0; i < subjects.Length; i++)
        {
            subjects[i] = templates[rng.Next(templates.Length)]
                .Replace("{producto}", products[rng.Next(products.Length)], StringComparison.Ordinal)
                .Replace("{pedido}", orderPrefix + rng.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{ciudad}", DemoData.Cities[rng.Next(DemoData.Cities.Length)].Name, StringComparison.Ordinal);
        }

        return subjects;
    }

    /// <summary>What the history of one case is written from.</summary>
    private sealed record CaseFacts(ServiceCase Case, Customer Customer, bool English, string AgentName, DemoAgent? Assignee, CaseStatus Plan, double Speed);

    /// <summary>
    /// Writes the history of one case: the events in time order, following the workflow, with the case's status kept
    /// as they go. It draws from its own small generator seeded per case, so a history that would run past "now" can
    /// be written again from an earlier start with the same draws.
    /// </summary>
    private sealed class Script(DemoService owner)
    {
        private readonly Dictionary<(CaseStatus, CaseStatus, string?), string> _statusData = [];
        private readonly Dictionary<Channel, string> _replyData = [];
        private readonly Dictionary<string, string> _assignedData = new(StringComparer.Ordinal);
        private readonly Dictionary<(CasePriority, CasePriority), string> _priorityData = [];
        private List<CaseEvent> _events = [];
        private readonly List<CaseStatus> _statuses = [];
        private Dice _dice;
        private CaseFacts _facts = null!;
        private CaseStatus _status;
        private CasePriority _priority;

        public List<CaseEvent> Run(CaseFacts facts, DateTime created, long seed)
        {
            _facts = facts;
            var start = created;
            for (var attempt = 0; ; attempt++)
            {
                Write(start, seed);
                var last = _events[^1].OccurredAt;
                if (last < owner._now)
                {
                    break;
                }

                if (attempt == 3)
                {
                    // Still too long: keep what happened before now.
                    var keep = _events.FindLastIndex(e => e.OccurredAt < owner._now);
                    keep = Math.Max(keep, 0);
                    _status = _statuses[keep];
                    _events.RemoveRange(keep + 1, _events.Count - keep - 1);
                    _priority = _events.Last(e => e.Priority is not null).Priority!.Value;
                    break;
                }

                start -= last - owner._now + TimeSpan.FromMinutes(5 + _dice.Next(600));
            }

            var c = facts.Case;
            c.Status = _status;
            c.Priority = _priority;
            c.ResolvedAt = _status is CaseStatus.Resolved or CaseStatus.Closed ? _events.Last(e => e.Kind == CaseEventKind.StatusChanged && e.SlaKind == SlaEventKind.Resolved).OccurredAt : null;
            c.ClosedAt = _status == CaseStatus.Closed ? _events[^1].OccurredAt : null;
            var events = _events;
            _events = [];
            return events;
        }

        private void Write(DateTime created, long seed)
        {
            _events.Clear();
            _statuses.Clear();
            _dice = new Dice(seed);
            _status = CaseStatus.New;
            var f = _facts;
            var c = f.Case;
            _priority = c.Priority;
            var agent = f.Assignee;
            var byAgent = c.Channel is Channel.Phone or Channel.Chat or Channel.InPerson;
            var t = created;
            Add(CaseEventKind.Created, SlaEventKind.Created, t, byAgent ? agent?.UserId : null, byAgent ? f.AgentName : f.Customer.DisplayName,
                c.Description, JsonSerializer.Serialize(new
                {
                    subject = c.Subject, type = c.Type, channel = c.Channel, priority = c.Priority, teamId = c.TeamId,
                    assigneeId = byAgent ? agent?.UserId : null, tags = c.Tags.Count == 0 ? null : c.Tags.Select(x => x.Tag),
                }, ServiceJson.Options), c.Priority);

            // Solved while the customer is on the line.
            if (byAgent && f.Plan is CaseStatus.Resolved or CaseStatus.Closed && _dice.Next(100) < 60)
            {
                t = t.AddMinutes(2 + _dice.Next(15));
                Reply(true, t);
                Move(CaseStatus.Resolved, t.AddSeconds(30 + _dice.Next(120)), "agent");
                Close(f.Plan);
                return;
            }

            if (agent is not null && !byAgent)
            {
                t = Business(t, _dice.Exp(20) * f.Speed);
                Add(CaseEventKind.Assigned, SlaEventKind.Updated, t, null, null, null, Assigned(agent));
            }

            if (f.Plan == CaseStatus.New)
            {
                return;
            }

            if (_dice.Next(100) < 3 && _priority < CasePriority.Urgent)
            {
                t = Business(t, 10 + _dice.Exp(40));
                var to = _priority + 1;
                _priorityData.TryGetValue((_priority, to), out var data);
                data ??= _priorityData[(_priority, to)] = JsonSerializer.Serialize(new { from = _priority, to }, ServiceJson.Options);
                Add(CaseEventKind.PriorityChanged, SlaEventKind.PriorityChanged, t, agent?.UserId, f.AgentName, null, data, to);
                _priority = to;
            }

            // First response: the reply opens the case.
            t = Business(t, ReplyMinutes());
            Reply(true, t);
            if (f.Plan == CaseStatus.PendingInternal)
            {
                Move(CaseStatus.PendingInternal, t.AddMinutes(1 + _dice.Next(30)), null);
                Note(_events[^1].OccurredAt.AddMinutes(1 + _dice.Next(10)));
                return;
            }

            var rounds = _dice.Next(100) switch { < 88 => 0, < 98 => 1, _ => 2 };
            for (var r = 0; r < rounds; r++)
            {
                t = Reply(false, Wall(t, _dice.Exp(18 * 60)));
                if (f.Plan == CaseStatus.Open && r == rounds - 1 && _dice.Next(2) == 0)
                {
                    return; // the customer's last message awaits an answer
                }

                t = Business(t, ReplyMinutes());
                Reply(true, t);
            }

            if (_dice.Next(100) < 8)
            {
                t = Note(Business(t, 5 + _dice.Exp(60)));
            }

            if (f.Plan == CaseStatus.PendingCustomer || (f.Plan != CaseStatus.Open && _dice.Next(100) < 5))
            {
                t = Move(CaseStatus.PendingCustomer, t.AddMinutes(1 + _dice.Next(5)), null);
                if (f.Plan == CaseStatus.PendingCustomer)
                {
                    return;
                }

                t = Reply(false, Wall(t, 60 + _dice.Exp(30 * 60)));
            }

            if (f.Plan == CaseStatus.Open)
            {
                return;
            }

            t = Move(CaseStatus.Resolved, Business(t, ResolutionMinutes()), "agent");
            if (f.Plan == CaseStatus.Reopened)
            {
                t = Reply(false, Wall(t, 30 + _dice.Exp(2 * 24 * 60)));
                Move(CaseStatus.Reopened, t.AddSeconds(1), "customerReply");
                return;
            }

            Close(f.Plan);
        }

        private void Close(CaseStatus plan)
        {
            if (plan == CaseStatus.Closed)
            {
                Move(CaseStatus.Closed, _events[^1].OccurredAt + CloseAfter, "autoClose");
            }
        }

        /// <summary>Business minutes before an agent answers: quicker for urgent cases and valuable customers.</summary>
        private double ReplyMinutes() =>
            (3 + _dice.Exp(_priority switch { CasePriority.Urgent => 20, CasePriority.High => 60, CasePriority.Normal => 110, _ => 200 })) * _facts.Speed;

        private double ResolutionMinutes() =>
            10 + _dice.Exp(_priority switch { CasePriority.Urgent => 150, CasePriority.High => 500, CasePriority.Normal => 1_000, _ => 1_800 });

        private DateTime Business(DateTime from, double minutes) =>
            Second(owner._office.AddBusinessTime(from, TimeSpan.FromMinutes(minutes)));

        private static DateTime Wall(DateTime from, double minutes) => Second(from.AddMinutes(Math.Max(1, minutes)));

        private static DateTime Second(DateTime t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, DateTimeKind.Utc);

        private DateTime Reply(bool agent, DateTime at)
        {
            var f = _facts;
            if (agent)
            {
                if (_status == CaseStatus.New)
                {
                    Move(CaseStatus.Open, at, "agentReply");
                }

                var texts = f.English ? DemoServiceTexts.AgentRepliesEn : DemoServiceTexts.AgentRepliesEs;
                Add(CaseEventKind.AgentReply, SlaEventKind.AgentPublicReply, at, f.Assignee?.UserId, f.AgentName, texts[_dice.Next(texts.Length)], ReplyData(f.Case.Channel));
            }
            else
            {
                var texts = f.English ? DemoServiceTexts.CustomerRepliesEn : DemoServiceTexts.CustomerRepliesEs;
                Add(CaseEventKind.CustomerReply, SlaEventKind.CustomerReply, at, null, f.Customer.DisplayName, texts[_dice.Next(texts.Length)], ReplyData(f.Case.Channel));
                if (_status == CaseStatus.PendingCustomer)
                {
                    Move(CaseStatus.Open, at, "customerReply");
                }
            }

            return at;
        }

        private DateTime Note(DateTime at)
        {
            var texts = DemoServiceTexts.Notes;
            Add(CaseEventKind.InternalNote, SlaEventKind.InternalNote, at, _facts.Assignee?.UserId, _facts.AgentName, texts[_dice.Next(texts.Length)], null);
            return at;
        }

        private DateTime Move(CaseStatus to, DateTime at, string? cause)
        {
            var key = (_status, to, cause);
            if (!_statusData.TryGetValue(key, out var data))
            {
                _statusData[key] = data = JsonSerializer.Serialize(new { from = _status, to, cause }, ServiceJson.Options);
            }

            var sla = CaseWorkflow.SlaEventFor(_status, to);
            var system = cause is "autoClose";
            _status = to;
            Add(CaseEventKind.StatusChanged, sla, at, system ? null : _facts.Assignee?.UserId, system ? null : _facts.AgentName, null, data);
            return at;
        }

        private string ReplyData(Channel channel)
        {
            if (!_replyData.TryGetValue(channel, out var data))
            {
                _replyData[channel] = data = JsonSerializer.Serialize(new { channel }, ServiceJson.Options);
            }

            return data;
        }

        private string Assigned(DemoAgent agent)
        {
            if (!_assignedData.TryGetValue(agent.UserId, out var data))
            {
                _assignedData[agent.UserId] = data = JsonSerializer.Serialize(new { to = agent.UserId, toName = agent.Name }, ServiceJson.Options);
            }

            return data;
        }

        private void Add(CaseEventKind kind, SlaEventKind? sla, DateTime at, string? actorId, string? actorName, string? body, string? data, CasePriority? priority = null)
        {
            // Never before the previous event (business-time steps can land on the same second).
            if (_events.Count > 0 && at < _events[^1].OccurredAt)
            {
                at = _events[^1].OccurredAt;
            }

            _events.Add(new CaseEvent
            {
                Kind = kind, SlaKind = sla, OccurredAt = at, RecordedAt = at, ActorId = actorId, ActorName = actorName, Body = body, Data = data,
                Priority = priority,
            });
            _statuses.Add(_status);
        }
    }

    /// <summary>SplitMix64: a tiny generator that can be re-seeded per case without allocating.</summary>
    private struct Dice(long seed)
    {
        private ulong _state = unchecked((ulong)seed);

        public int Next(int n) => (int)((NextU64() >> 33) % (ulong)n);

        /// <summary>Exponentially distributed with mean <paramref name="mean"/>.</summary>
        public double Exp(double mean) => -mean * Math.Log(1 - ((NextU64() >> 11) * (1.0 / (1UL << 53))));

        private ulong NextU64()
        {
            unchecked
            {
                var z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }
    }
}

/// <summary>Spain's national public holidays (those of the whole country, not the regional ones).</summary>
internal static class SpanishHolidays
{
    /// <summary>
    /// New Year, Epiphany, Good Friday, Labour Day, the Assumption, National Day, All Saints, Constitution Day, the
    /// Immaculate Conception and Christmas of <paramref name="year"/>.
    /// </summary>
    public static IEnumerable<DateOnly> Of(int year)
    {
        DateOnly D(int month, int day) => new(year, month, day);
        return new[] { D(1, 1), D(1, 6), Easter(year).AddDays(-2), D(5, 1), D(8, 15), D(10, 12), D(11, 1), D(12, 6), D(12, 8), D(12, 25) }.Order();
    }

    /// <summary>Easter Sunday (Gregorian computus, the anonymous algorithm).</summary>
    public static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
