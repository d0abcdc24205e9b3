using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Commerce.Catalog;
using Vinculo.Core.Common;
using Vinculo.Core.Interactions;
using Vinculo.Core.Storage;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Service;
using static Vinculo.Core.Service.Cases.CaseChanges;

namespace Vinculo.Core.Service.Cases;

/// <summary>
/// Service cases: open, answer, note, assign and move them, list them in queues. Every change is one transaction that
/// appends the case's events, updates the row (version, update time, latest event time) and recomputes its SLA from all
/// its clock events.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Policies are resolved with the case's current facts (team, type, contract, customer tier and segment) at the
/// creation and priority-change events of the replay: after a team, type or contract change the next recomputation
/// applies the new facts to the whole history (the elapsed business time is kept, the targets and due times follow).</item>
/// <item>A customer reply on a resolved case is recorded (and starts a next-response cycle) but does not reopen it: an
/// agent decides whether to reopen. On a closed case it is refused (409): a new case should be opened.</item>
/// <item>A customer reply on a case waiting on the customer moves it back to open, so its clocks run again.</item>
/// <item>An agent reply on a new case moves it to open.</item>
/// </list>
/// </remarks>
public sealed partial class CaseService(VinculoDb db, TimeProvider clock)
{
    public const int MaxSubject = 200;
    public const int MaxTags = 20;
    public const int MaxTagLength = 40;
    public const int MaxBody = 100_000;
    public const int DefaultLimit = 50;

    private const int Attempts = 3;

    private readonly VinculoDb db = db;
    private readonly TimeProvider clock = clock;

    // A method, not a property: the service must carry no public state (the idempotency filter hashes the handler's arguments).
    private DateTime Now() => Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);

    /// <summary>Opens a case.</summary>
    public async Task<CaseDto> Create(CaseInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var now = Now();
        var errors = new ValidationErrors();
        var channel = Enum(input.Channel, "channel", Channel.Phone, errors, required: true);
        var priority = Enum(input.Priority, "priority", CasePriority.Normal, errors);
        var subject = Text(input.Subject, "subject", MaxSubject, errors, required: true);
        var description = Text(input.Description, "description", MaxBody, errors);
        var tags = Tags(input.Tags, errors) ?? [];
        var at = When(input.OccurredAt, null, now, errors);
        var type = await CaseType(db, input.Type, "type", errors, ct);

        var customer = input.CustomerId is { } customerId
            ? await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => new { c.Id, c.Tier, c.Segment }).FirstOrDefaultAsync(ct)
            : null;
        if (input.CustomerId is null)
        {
            errors.Add("customerId", "Required.");
        }
        else if (customer is null)
        {
            errors.Add("customerId", "No customer has this id.");
        }

        if (customer is not null)
        {
            if (input.ContactPersonId is { } contactId)
            {
                var owner = await db.ContactPersons.AsNoTracking().Where(p => p.Id == contactId).Select(p => (long?)p.CustomerId).FirstOrDefaultAsync(ct);
                if (owner is null)
                {
                    errors.Add("contactPersonId", "No contact person has this id.");
                }
                else if (owner != customer.Id)
                {
                    errors.Add("contactPersonId", "The contact person belongs to another customer.");
                }
            }

            await CheckLink(db, "orderId", input.OrderId, customer.Id, errors, ct);
            await CheckLink(db, "invoiceId", input.InvoiceId, customer.Id, errors, ct);
            await CheckLink(db, "contractId", input.ContractId, customer.Id, errors, ct);
        }

        var team = input.TeamId is { } teamId ? await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct) : null;
        if (input.TeamId is not null && team is null)
        {
            errors.Add("teamId", "No team has this id.");
        }

        var assignee = string.IsNullOrWhiteSpace(input.AssigneeId) ? null : input.AssigneeId.Trim();
        await CheckAssignee(assignee, team?.Id, errors, ct);
        errors.ThrowIfInvalid();

        var configuration = await SlaConfiguration.Load(db, ct);
        // Inside a caller's transaction (e.g. a proactive case opened from an analytics alert) the case is part of it.
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var c = new ServiceCase
        {
            CustomerId = customer!.Id,
            ContactPersonId = input.ContactPersonId,
            Type = type!,
            Channel = channel,
            Subject = subject!,
            Description = description,
            Priority = priority,
            Status = CaseStatus.New,
            IsActive = true,
            TeamId = team?.Id,
            AssigneeId = assignee,
            OrderId = input.OrderId,
            InvoiceId = input.InvoiceId,
            ContractId = input.ContractId,
            CustomerRank = CustomerValue.TierRank(customer.Tier),
            CreatedById = actor.UserId.Length == 0 ? null : actor.UserId,
            CreatedAt = at,
            UpdatedAt = now,
            LastEventAt = at,
            Version = 1,
            QueueDueAt = SlaAlarms.NoDue,
            Tags = tags.Select(t => new CaseTag { Tag = t }).ToList(),
        };
        db.Cases.Add(c);
        await db.SaveChangesAsync(ct);

        var events = new List<CaseEvent>
        {
            Event(c, CaseEventKind.Created, SlaEventKind.Created, at, now, actor, new
            {
                subject = c.Subject,
                type = c.Type,
                channel = c.Channel,
                priority = c.Priority,
                teamId = c.TeamId,
                assigneeId = c.AssigneeId,
                tags = tags.Count == 0 ? null : tags,
            }, body: description, priority: priority),
        };
        var reason = (string?)null;
        if (assignee is null && team?.Strategy is { } strategy)
        {
            assignee = await AutoAssign(db, team.Id, strategy, c.Type, now, ct);
            if (assignee is not null)
            {
                c.AssigneeId = assignee;
                reason = "auto";
                events.Add(Event(c, CaseEventKind.Assigned, SlaEventKind.Updated, at, now, null, new
                {
                    to = assignee,
                    toName = await UserName(db, assignee, ct),
                    strategy,
                    auto = true,
                }));
            }
        }

        NotifyAssigned(db, c, c.AssigneeId, actor.UserId, now, reason);
        db.CaseEvents.AddRange(events);
        Recompute(configuration, c, [], events, customer.Segment, customer.Tier, now);
        await db.SaveChangesAsync(ct);
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return (await Get(c.Id, now, ct))!;
    }

    /// <summary>A case with its SLA computed now; null when it does not exist.</summary>
    public Task<CaseDto?> Get(long id, CancellationToken ct = default) => Get(id, Now(), ct);

    /// <summary>A case with its SLA computed at <paramref name="now"/> (live, from its events); null when it does not exist.</summary>
    public async Task<CaseDto?> Get(long id, DateTime now, CancellationToken ct = default)
    {
        var c = await db.Cases.AsNoTracking().Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Where(x => x.Id == c.CustomerId)
            .Select(x => new { x.DisplayName, x.Tier, x.Segment, x.Temperament, x.TemperamentNote }).FirstAsync(ct);
        var contact = c.ContactPersonId is { } contactId
            ? await db.ContactPersons.AsNoTracking().Where(p => p.Id == contactId).Select(p => new { p.FirstName, p.LastName }).FirstOrDefaultAsync(ct)
            : null;
        var teamName = c.TeamId is { } teamId ? await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct) : null;
        var assigneeName = await UserName(db, c.AssigneeId, ct);
        var events = await SlaEvents(db, c.Id, ct);
        var configuration = await SlaConfiguration.Load(db, ct);
        var snapshot = Guard(() => configuration.Compute(c, events, customer.Segment, customer.Tier, now));
        var names = configuration.Policies.ToDictionary(p => p.Id, p => p.Name);
        var at = events.Count > 0 && events[^1].OccurredAt > now ? events[^1].OccurredAt : now;
        var sla = new CaseSlaDto(
            at,
            Target(snapshot.FirstResponse, names),
            Target(snapshot.NextResponse, names),
            Target(snapshot.Resolution, names),
            new[] { snapshot.FirstResponse.DueAt, snapshot.NextResponse.DueAt, snapshot.Resolution.DueAt }.Where(d => d is not null).Min());
        return new CaseDto(
            c.Id, c.CustomerId, customer.DisplayName, customer.Tier, customer.Segment, customer.Temperament, customer.TemperamentNote,
            c.ContactPersonId, contact is null ? null : string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(s => !string.IsNullOrWhiteSpace(s))),
            c.Type, c.Channel, c.Subject, c.Description, c.Priority, c.Status, c.IsActive,
            c.TeamId, teamName, c.AssigneeId, assigneeName,
            c.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal).ToList(),
            new CaseLinks(c.OrderId, c.InvoiceId, c.ContractId),
            c.CustomerRank, c.CreatedById, c.CreatedAt, c.UpdatedAt, c.LastEventAt, c.ResolvedAt, c.ClosedAt,
            CaseWorkflow.NextStatuses(c.Status), c.Version, sla);
    }

    /// <summary>Changes fields of a case; each changed aspect is one event. Null when it does not exist.</summary>
    /// <exception cref="PreconditionFailedException">The case changed since <paramref name="expectedVersion"/>.</exception>
    /// <exception cref="ConflictException">The case is closed.</exception>
    public Task<CaseDto?> Update(long id, CaseUpdateInput input, long? expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        return Mutate(id, expectedVersion, async (c, now) =>
        {
            RefuseClosed(c, "changed");
            var errors = new ValidationErrors();
            var at = When(input.OccurredAt, c, now, errors);
            var subject = input.Subject is null ? null : Text(input.Subject, "subject", MaxSubject, errors, required: true);
            var description = input.Description is null ? null : Text(input.Description, "description", MaxBody, errors) ?? "";
            var type = input.Type is null ? null : await CaseType(db, input.Type, "type", errors, ct);
            CasePriority? priority = input.Priority is null ? null : Enum(input.Priority, "priority", c.Priority, errors);
            var tags = Tags(input.Tags, errors);
            foreach (var (field, value) in new[] { ("orderId", input.OrderId), ("invoiceId", input.InvoiceId), ("contractId", input.ContractId) })
            {
                if (value is > 0)
                {
                    await CheckLink(db, field, value, c.CustomerId, errors, ct);
                }
                else if (value < 0)
                {
                    errors.Add(field, "Use 0 to remove the link, or the id of a record of the customer.");
                }
            }

            Team? team = null;
            var teamChanges = false;
            if (input.TeamId is { } teamId)
            {
                if (teamId == 0)
                {
                    teamChanges = c.TeamId is not null;
                }
                else if ((team = await db.Teams.AsNoTracking().FirstOrDefaultAsync(t => t.Id == teamId, ct)) is null)
                {
                    errors.Add("teamId", "No team has this id.");
                }
                else
                {
                    teamChanges = teamId != c.TeamId;
                }
            }

            var newTeamId = input.TeamId is null ? c.TeamId : team?.Id;
            string? assignee = c.AssigneeId;
            if (input.AssigneeId is not null)
            {
                assignee = string.IsNullOrWhiteSpace(input.AssigneeId) ? null : input.AssigneeId.Trim();
                await CheckAssignee(assignee, newTeamId, errors, ct);
            }

            errors.ThrowIfInvalid();

            var added = new List<CaseEvent>();
            var fields = new Dictionary<string, object?>();
            void Field(string name, object? from, object? to)
            {
                if (!Equals(from, to))
                {
                    fields[name] = new { from, to };
                }
            }

            if (subject is not null)
            {
                Field("subject", c.Subject, subject);
                c.Subject = subject;
            }

            if (description is not null)
            {
                // The text itself is not copied into the history: only that it changed.
                var value = description.Length == 0 ? null : description;
                if (c.Description != value)
                {
                    fields["description"] = new { changed = true, cleared = value is null };
                }

                c.Description = value;
            }

            if (type is not null)
            {
                Field("type", c.Type, type);
                c.Type = type;
            }

            long? Link(long? given, long? current) => given is null ? current : given == 0 ? null : given;
            var (orderId, invoiceId, contractId) = (Link(input.OrderId, c.OrderId), Link(input.InvoiceId, c.InvoiceId), Link(input.ContractId, c.ContractId));
            Field("orderId", c.OrderId, orderId);
            Field("invoiceId", c.InvoiceId, invoiceId);
            Field("contractId", c.ContractId, contractId);
            (c.OrderId, c.InvoiceId, c.ContractId) = (orderId, invoiceId, contractId);
            if (fields.Count > 0)
            {
                added.Add(Event(c, CaseEventKind.Updated, SlaEventKind.Updated, at, now, actor, new { fields }));
            }

            if (priority is { } p && p != c.Priority)
            {
                added.Add(Event(c, CaseEventKind.PriorityChanged, SlaEventKind.PriorityChanged, at, now, actor, new { from = c.Priority, to = p }, priority: p));
                c.Priority = p;
            }

            if (teamChanges)
            {
                added.Add(Event(c, CaseEventKind.TeamChanged, SlaEventKind.Updated, at, now, actor,
                    new { from = c.TeamId, to = team?.Id, toName = team?.Name }));
                c.TeamId = team?.Id;
                if (input.AssigneeId is null && assignee is not null && team is not null
                    && !await db.TeamMembers.AnyAsync(m => m.TeamId == team.Id && m.UserId == assignee, ct))
                {
                    // The agent is not in the new team: the case waits in the new team's queue, or is assigned automatically.
                    assignee = null;
                }

                if (input.AssigneeId is null && assignee is null && team?.Strategy is { } strategy)
                {
                    assignee = await AutoAssign(db, team.Id, strategy, c.Type, now, ct);
                }
            }

            if (assignee != c.AssigneeId)
            {
                added.Add(Event(c, CaseEventKind.Assigned, SlaEventKind.Updated, at, now, actor, new
                {
                    from = c.AssigneeId,
                    fromName = await UserName(db, c.AssigneeId, ct),
                    to = assignee,
                    toName = await UserName(db, assignee, ct),
                }));
                c.AssigneeId = assignee;
                NotifyAssigned(db, c, assignee, actor.UserId, now, input.AssigneeId is null ? "auto" : null);
            }

            if (tags is not null)
            {
                var current = c.Tags.Select(t => t.Tag).ToList();
                var addedTags = tags.Except(current).ToList();
                var removedTags = current.Except(tags).ToList();
                if (addedTags.Count > 0 || removedTags.Count > 0)
                {
                    c.Tags.RemoveAll(t => removedTags.Contains(t.Tag));
                    c.Tags.AddRange(addedTags.Select(t => new CaseTag { CaseId = c.Id, Tag = t }));
                    added.Add(Event(c, CaseEventKind.TagsChanged, SlaEventKind.Updated, at, now, actor, new { added = addedTags, removed = removedTags }));
                }
            }

            return (added, at);
        }, ct);
    }

    /// <summary>
    /// Records a public reply (from an agent or the customer) and logs it on the customer's timeline, linked from the
    /// event. Null when no such case.
    /// </summary>
    /// <exception cref="ConflictException">The case is closed.</exception>
    public Task<CaseDto?> Reply(long id, CaseReplyInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        return Mutate(id, null, async (c, now) =>
        {
            if (c.Status == CaseStatus.Closed)
            {
                throw new ConflictException("The case is closed and cannot take replies. Open a new case (it may mention this one).");
            }

            var errors = new ValidationErrors();
            var from = Enum(input.From, "from", CaseReplyFrom.Agent, errors);
            var body = string.IsNullOrWhiteSpace(input.Body) ? null : input.Body.Trim();
            if (body is null)
            {
                errors.Add("body", "Required.");
            }
            else if (body.Length > MaxBody)
            {
                errors.Add("body", $"At most {MaxBody} characters.");
            }

            var channel = Enum(input.Channel, "channel", c.Channel, errors);
            var at = When(input.OccurredAt, c, now, errors);
            errors.ThrowIfInvalid();

            var language = await db.Customers.AsNoTracking().Where(x => x.Id == c.CustomerId).Select(x => x.PreferredLanguage).FirstAsync(ct);
            var agent = from == CaseReplyFrom.Agent;
            var interaction = new Interaction
            {
                CustomerId = c.CustomerId,
                Channel = channel,
                Direction = agent ? Direction.Outbound : Direction.Inbound,
                Subject = $"[#{c.Id}] {c.Subject}",
                Body = body,
                AgentId = agent ? actor.UserId : null,
                AgentName = agent ? actor.Name : null,
                OccurredAt = at,
                CreatedAt = now,
            };
            interaction.SearchTerms = InteractionService.IndexTerms(interaction.Subject, interaction.Body, language);
            db.Interactions.Add(interaction);
            await db.SaveChangesAsync(ct);

            var added = new List<CaseEvent>();
            if (agent && c.Status == CaseStatus.New)
            {
                added.Add(StatusEvent(c, CaseStatus.Open, at, now, actor, "agentReply"));
            }

            added.Add(Event(c, agent ? CaseEventKind.AgentReply : CaseEventKind.CustomerReply,
                agent ? SlaEventKind.AgentPublicReply : SlaEventKind.CustomerReply, at, now, actor,
                new { from, channel }, body: body));
            added[^1].InteractionId = interaction.Id;
            if (!agent && c.Status == CaseStatus.PendingCustomer)
            {
                added.Add(StatusEvent(c, CaseStatus.Open, at, now, actor, "customerReply"));
            }

            return (added, at);
        }, ct);
    }

    /// <summary>Adds an internal note (it meets no SLA target and is not on the timeline). Null when no such case.</summary>
    /// <exception cref="ConflictException">The case is closed.</exception>
    public Task<CaseDto?> Note(long id, CaseNoteInput input, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        return Mutate(id, null, (c, now) =>
        {
            RefuseClosed(c, "noted");
            var errors = new ValidationErrors();
            var body = string.IsNullOrWhiteSpace(input.Body) ? null : input.Body.Trim();
            if (body is null)
            {
                errors.Add("body", "Required.");
            }
            else if (body.Length > MaxBody)
            {
                errors.Add("body", $"At most {MaxBody} characters.");
            }

            var at = When(input.OccurredAt, c, now, errors);
            errors.ThrowIfInvalid();
            List<CaseEvent> added = [Event(c, CaseEventKind.InternalNote, SlaEventKind.InternalNote, at, now, actor, body: body)];
            return Task.FromResult((added, at));
        }, ct);
    }

    /// <summary>Moves the case to another status (see <see cref="CaseWorkflow"/>). Null when no such case.</summary>
    /// <exception cref="CaseStatusConflictException">The workflow does not allow the move (409 with the allowed statuses).</exception>
    /// <exception cref="PreconditionFailedException">The case changed since <paramref name="expectedVersion"/>.</exception>
    public Task<CaseDto?> Transition(long id, CaseStatusInput input, long? expectedVersion, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = new ValidationErrors();
        var to = Enum(input.Status, "status", CaseStatus.Open, errors, required: true);
        errors.ThrowIfInvalid();
        return Mutate(id, expectedVersion, (c, now) =>
        {
            if (!CaseWorkflow.CanMove(c.Status, to))
            {
                throw new CaseStatusConflictException(c.Status, to, CaseWorkflow.NextStatuses(c.Status));
            }

            var problems = new ValidationErrors();
            var at = When(input.OccurredAt, c, now, problems);
            problems.ThrowIfInvalid();
            List<CaseEvent> added = [StatusEvent(c, to, at, now, actor, null)];
            return Task.FromResult((added, at));
        }, ct);
    }

    /// <summary>The case's history, oldest first (occurred_at, id), with actors and details. Null when no such case.</summary>
    public async Task<Page<CaseEventDto>?> History(long id, CaseHistoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new ValidationErrors();
        var limit = Cursor.Limit(query.Limit, errors, DefaultLimit);
        var after = CommerceInput.ReadTimeCursor(query.Cursor, errors);
        errors.ThrowIfInvalid();
        if (!await db.Cases.AnyAsync(c => c.Id == id, ct))
        {
            return null;
        }

        var q = db.CaseEvents.AsNoTracking().Where(e => e.CaseId == id);
        if (after is { } a)
        {
            q = q.Where(e => e.OccurredAt > a.At || (e.OccurredAt == a.At && e.Id > a.Id));
        }

        var rows = await q.OrderBy(e => e.OccurredAt).ThenBy(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var hasMore = rows.Count > limit;
        rows = rows.Take(limit).ToList();
        var items = rows.Select(e => new CaseEventDto(
            e.Id, e.CaseId, e.Kind, e.OccurredAt, e.RecordedAt, e.SlaKind, e.Priority, e.ActorId, e.ActorName, e.Body,
            ParseData(e.Data), e.InteractionId)).ToList();
        return new Page<CaseEventDto>(items, hasMore ? CommerceInput.TimeCursor(rows[^1].OccurredAt, rows[^1].Id) : null);
    }

    /// <summary>
    /// Applies a change made by the system (an SLA escalation: raise the priority, move to another team and/or agent) to a
    /// tracked case, inside the caller's unit of work: records the events with no actor, bumps the version, notifies a
    /// newly assigned agent and recomputes the SLA. Does not save. Returns the events added (empty when nothing changed
    /// or the case is closed).
    /// </summary>
    /// <param name="db">The caller's context (the case must be tracked by it).</param>
    /// <param name="c">The case.</param>
    /// <param name="change">What to change; a null field is left as it is. A new team without an agent leaves the case
    /// unassigned in that team, or assigns it automatically when the team has a strategy (an agent who is a member of the
    /// new team keeps it). An unknown team or user is ignored.</param>
    /// <param name="now">The instant of the change (never earlier than the case's latest event).</param>
    /// <param name="configuration">The SLA configuration (loaded once per run).</param>
    /// <param name="ct">Cancellation.</param>
    public static Task<IReadOnlyList<CaseEvent>> ApplySystemChange(
        VinculoDb db, ServiceCase c, SystemCaseChange change, DateTime now, SlaConfiguration configuration, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ApplySystem(db, c, change, now, configuration, ct);
    }

    /// <summary>
    /// Loads the case, lets <paramref name="work"/> validate and add its events, then touches the row, recomputes the SLA
    /// and saves, all in one transaction. Without an expected version a concurrent change is retried; with one it is a 412.
    /// </summary>
    private async Task<CaseDto?> Mutate(
        long id, long? expectedVersion, Func<ServiceCase, DateTime, Task<(List<CaseEvent> Added, DateTime At)>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = Now();
            var c = await db.Cases.Include(x => x.Tags).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (c is null)
            {
                return null;
            }

            if (expectedVersion is { } expected && expected != c.Version)
            {
                throw new PreconditionFailedException(
                    $"The case was changed by someone else (version {c.Version}, you sent {expected}). Reload it and try again.");
            }

            var configuration = await SlaConfiguration.Load(db, ct);
            var (segment, tier) = await CustomerFacts(db, c.CustomerId, ct);
            var stored = await SlaEvents(db, c.Id, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var (added, at) = await work(c, now);
            if (added.Count == 0)
            {
                return await Get(id, now, ct);
            }

            Touch(c, at, now);
            db.CaseEvents.AddRange(added);
            Recompute(configuration, c, stored, added, segment, tier, now);
            try
            {
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateConcurrencyException) when (expectedVersion is null && attempt < Attempts)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new PreconditionFailedException("The case was changed by someone else meanwhile. Reload it and try again.");
            }

            db.ChangeTracker.Clear();
            return await Get(id, now, ct);
        }
    }

    /// <summary>A status change event; sets the status, resolved/closed times and whether the case is active.</summary>
    private static CaseEvent StatusEvent(ServiceCase c, CaseStatus to, DateTime at, DateTime now, Actor? actor, string? cause)
    {
        var e = Event(c, CaseEventKind.StatusChanged, CaseWorkflow.SlaEventFor(c.Status, to), at, now, actor, new { from = c.Status, to, cause });
        c.Status = to;
        c.IsActive = CaseWorkflow.IsActive(to);
        switch (to)
        {
            case CaseStatus.Resolved:
                c.ResolvedAt = at;
                break;
            case CaseStatus.Closed:
                c.ClosedAt = at;
                break;
            case CaseStatus.Reopened:
                c.ResolvedAt = null;
                break;
        }

        return e;
    }

    private static void RefuseClosed(ServiceCase c, string what)
    {
        if (c.Status == CaseStatus.Closed)
        {
            throw new ConflictException($"The case is closed and cannot be {what}: closed is final. Open a new case instead.");
        }
    }

    /// <summary>The assignee must be a user; when the case has a team, one of its members.</summary>
    private async Task CheckAssignee(string? assignee, long? teamId, ValidationErrors errors, CancellationToken ct)
    {
        if (assignee is null)
        {
            return;
        }

        if (!await db.Users.AnyAsync(u => u.Id == assignee, ct))
        {
            errors.Add("assigneeId", "No user has this id.");
        }
        else if (teamId is { } team && !await db.TeamMembers.AnyAsync(m => m.TeamId == team && m.UserId == assignee, ct))
        {
            errors.Add("assigneeId", "The user is not a member of the case's team.");
        }
    }

    private static CaseSlaTargetDto Target(SlaTargetStatus s, Dictionary<long, string> names) => new(
        s.Target,
        s.State,
        s.PolicyId,
        s.PolicyId is { } id ? names.GetValueOrDefault(id) : null,
        s.Duration is { } d ? (int)d.TotalMinutes : null,
        s.DueAt,
        s.WarningAt,
        (long)s.Elapsed.TotalMinutes,
        (long)s.Paused.TotalMinutes,
        s.Remaining is { } r ? (long)r.TotalMinutes : null,
        s.MetAt,
        s.BreachedAt,
        s.Cycles,
        s.BreachedCycles);

    private static JsonElement? ParseData(string? data)
    {
        if (string.IsNullOrWhiteSpace(data))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
