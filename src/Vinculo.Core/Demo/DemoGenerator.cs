using System.Globalization;
using System.Text;
using Bogus;
using Vinculo.Core.Customers;
using Vinculo.Core.Interactions;
using Vinculo.Domain.Customers;
using Vinculo.Domain.Interactions;
using Vinculo.Domain.Text;
using BogusGender = Bogus.DataSets.Name.Gender;

namespace Vinculo.Core.Demo;

/// <summary>One interaction text with its analysed search terms, computed once and shared by every row that uses it.</summary>
internal sealed record DemoText(Channel Channel, Direction Direction, JourneyMoment Moment, string Subject, string Body, string Outcome, string Terms);

/// <summary>Customers and their interactions, generated together; <see cref="Owner"/> maps each interaction to its customer's index.</summary>
internal sealed class DemoBatch(int customers, int interactions)
{
    public List<Customer> Customers { get; } = new(customers);
    public List<Interaction> Interactions { get; } = new(interactions);
    public List<int> Owner { get; } = new(interactions);
    /// <summary>The customers' service cases, when cases are seeded.</summary>
    public Storage.Bulk.ServiceBatch? Service { get; set; }
}

/// <summary>
/// Deterministic demo data. Everything comes from one seeded <see cref="Random"/> drawn in a fixed order, so the
/// same seed and the same "now" always give the same rows. Bogus (locale "es", plus "en" for English speakers) is
/// only used up front to fill pools of names; per-row work is picking from pools, which keeps generation far faster
/// than the database can write.
/// </summary>
internal sealed class DemoGenerator
{
    private const int SpanishTextPool = 4_000;
    private const int EnglishTextPool = 800;
    private static readonly TimeSpan InteractionWindow = TimeSpan.FromDays(730);

    private readonly Random _rng;
    /// <summary>Tiers come from their own stream, so they do not shift the rest of a customer's data.</summary>
    private readonly Random _tiers;
    private readonly DateTime _now;
    private readonly string[] _femaleEs;
    private readonly string[] _maleEs;
    private readonly string[] _lastEs;
    private readonly string[] _femaleEn;
    private readonly string[] _maleEn;
    private readonly string[] _lastEn;
    private readonly string[] _agents;
    private readonly DemoText[] _textsEs;
    private readonly DemoText[] _textsEn;
    private readonly Dictionary<Channel, DemoText[]> _textsEsByChannel;
    private readonly Dictionary<Channel, DemoText[]> _textsEnByChannel;
    private readonly int[] _cityWeights;
    private readonly Dictionary<(string, string), Dictionary<string, string>> _attributes = [];
    private long _ordinal;

    public DemoGenerator(int seed, DateTime now)
    {
        _now = now;
        _rng = new Random(seed);
        _tiers = new Random(unchecked(seed * 97 + 13));
        var es = new Faker("es") { Random = new Randomizer(seed) };
        var en = new Faker("en") { Random = new Randomizer(seed + 1) };
        _femaleEs = Pool(() => es.Name.FirstName(BogusGender.Female), 2_000);
        _maleEs = Pool(() => es.Name.FirstName(BogusGender.Male), 2_000);
        _lastEs = Pool(() => es.Name.LastName(), 5_000);
        _femaleEn = Pool(() => en.Name.FirstName(BogusGender.Female), 2_000);
        _maleEn = Pool(() => en.Name.FirstName(BogusGender.Male), 2_000);
        _lastEn = Pool(() => en.Name.LastName(), 2_000);
        _agents = Enumerable.Range(0, 60)
            .Select(i => $"{(i % 2 == 0 ? _femaleEs : _maleEs)[_rng.Next(_femaleEs.Length)]} {_lastEs[_rng.Next(_lastEs.Length)]}")
            .Distinct(StringComparer.Ordinal).ToArray();
        _cityWeights = CumulativeWeights(DemoData.Cities.Select(c => c.Weight));

        // Texts come from their own random stream so the pool size never shifts the customers' data.
        var textRng = new Random(unchecked(seed * 31 + 7));
        _textsEs = BuildTexts(DemoTexts.Spanish, SpanishTextPool, textRng);
        _textsEn = BuildTexts(DemoTexts.English, EnglishTextPool, textRng);
        _textsEsByChannel = _textsEs.GroupBy(t => t.Channel).ToDictionary(g => g.Key, g => g.ToArray());
        _textsEnByChannel = _textsEn.GroupBy(t => t.Channel).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public DemoBatch Next(int customers, int interactionsPerCustomer)
    {
        var batch = new DemoBatch(customers, customers * interactionsPerCustomer);
        for (var i = 0; i < customers; i++)
        {
            var customer = NextCustomer();
            batch.Customers.Add(customer);
            AddInteractions(batch, i, customer, interactionsPerCustomer);
        }

        return batch;
    }

    private Customer NextCustomer()
    {
        var ordinal = ++_ordinal;
        var isCompany = _rng.Next(100) < 15;
        var roll = _rng.Next(100);
        var lifecycle = roll < 20 ? Lifecycle.Prospect : roll < 85 ? Lifecycle.Active : Lifecycle.Former;
        var created = _now.AddSeconds(-_rng.NextInt64(30L * 86_400, 5L * 365 * 86_400));
        var updated = created.AddSeconds(_rng.NextInt64(0, (long)(_now - created).TotalSeconds));
        var city = DemoData.Cities[PickWeighted(_cityWeights)];
        var customer = new Customer
        {
            Kind = isCompany ? CustomerKind.Company : CustomerKind.Person,
            Lifecycle = lifecycle,
            CreatedAt = created,
            UpdatedAt = updated,
            Version = 1,
        };

        if (isCompany)
        {
            FillCompany(customer, city, ordinal);
        }
        else
        {
            FillPerson(customer, ordinal);
        }

        customer.DisplayName = Customer.ComposeDisplayName(customer.Kind, customer.FirstName, customer.LastName, customer.CompanyName);
        AddPhones(customer, isCompany);
        AddAddresses(customer, city, isCompany);

        if (_rng.Next(100) < 60)
        {
            customer.PreferredChannel = _rng.Next(10) switch
            {
                < 4 => Channel.Phone,
                < 6 => Channel.Email,
                < 7 => Channel.Chat,
                < 8 => Channel.InstantMessaging,
                < 9 => Channel.InPerson,
                _ => Channel.Web,
            };
        }

        if (_rng.Next(100) < 5)
        {
            var t = _rng.Next(100);
            var (temperament, notes) = DemoData.TemperamentNotes[t < 20 ? 0 : t < 55 ? 1 : t < 65 ? 2 : 3];
            customer.Temperament = temperament;
            customer.TemperamentNote = notes[_rng.Next(notes.Length)];
        }

        foreach (var (tag, perMille) in DemoData.Tags)
        {
            if (_rng.Next(1000) < perMille)
            {
                customer.Tags.Add(new CustomerTag { Tag = tag });
            }
        }

        if (isCompany)
        {
            customer.Tags.Add(new CustomerTag { Tag = "empresa" });
        }

        AddConsents(customer);
        var segment = isCompany ? (_rng.Next(100) < 85 ? "pyme" : "gran cuenta") : "residencial";
        var origin = DemoData.Origins[_rng.Next(DemoData.Origins.Length)];
        if (!_attributes.TryGetValue((segment, origin), out var attributes))
        {
            // Shared between customers: the writers only read it.
            _attributes[(segment, origin)] = attributes = new Dictionary<string, string> { ["segmento"] = segment, ["origen"] = origin };
        }

        customer.Attributes = attributes;
        customer.Segment = segment switch { "residencial" => "residential", "pyme" => "smb", _ => "enterprise" };
        // About 5 % platinum, 10 % gold and 20 % silver; large accounts rank higher.
        var tier = _tiers.Next(100) + (segment == "gran cuenta" ? 25 : 0);
        customer.Tier = tier switch { >= 95 => "platinum", >= 85 => "gold", >= 65 => "silver", _ => "standard" };
        customer.SearchName = CustomerInputMapper.SearchText(customer);
        return customer;
    }

    private void FillPerson(Customer customer, long ordinal)
    {
        var english = _rng.Next(100) < 8;
        var female = _rng.Next(2) == 0;
        if (english)
        {
            customer.PreferredLanguage = "en";
            customer.FirstName = Pick(female ? _femaleEn : _maleEn);
            customer.LastName = Pick(_lastEn);
            // Foreign residents hold a NIE; prospects often have not given one yet.
            customer.TaxId = _rng.Next(100) < 80 ? Nie() : null;
        }
        else
        {
            customer.PreferredLanguage = "es";
            customer.FirstName = Pick(female ? _femaleEs : _maleEs);
            // Two surnames, the Spanish way.
            customer.LastName = $"{Pick(_lastEs)} {Pick(_lastEs)}";
            var id = _rng.Next(100);
            customer.TaxId = id < 88 ? Dni() : id < 92 ? Nie() : null;
        }

        var first = Ascii(customer.FirstName);
        var last = Ascii(customer.LastName.Split(' ')[0]);
        var count = _rng.Next(100) < 30 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            var local = _rng.Next(4) switch
            {
                0 => $"{first}.{last}{ordinal}",
                1 => $"{first}{last}{ordinal}",
                2 => $"{first[0]}{last}{ordinal}",
                _ => $"{first}_{last}{ordinal}",
            };
            var address = i == 0 ? $"{local}@{Pick(DemoData.EmailDomains)}" : $"{first}.{last}.{ordinal}@{Pick(DemoData.EmailDomains)}";
            AddEmail(customer, address, i == 0 ? "personal" : "trabajo");
        }
    }

    private void FillCompany(Customer customer, DemoCity city, long ordinal)
    {
        customer.PreferredLanguage = _rng.Next(100) < 4 ? "en" : "es";
        var form = DemoData.CompanyForms[PickWeighted(CompanyFormWeights)];
        var name = _rng.Next(4) switch
        {
            0 => $"{Pick(_lastEs)} y {Pick(_lastEs)}",
            1 => $"{Pick(DemoData.CompanySectors)} {Pick(_lastEs)}",
            2 => $"{Pick(DemoData.CompanySectors)} {Pick(DemoData.CompanyPlaces)}",
            _ => $"Grupo {Pick(_lastEs)}",
        };
        customer.CompanyName = $"{name} {form.Suffix}";
        customer.TaxId = Cif(form.CifLetter, city.PostalPrefix);
        var domain = $"{Ascii(name)}{ordinal}.es";
        AddEmail(customer, $"info@{domain}", "general");
        if (_rng.Next(100) < 40)
        {
            AddEmail(customer, $"facturacion@{domain}", "facturación");
        }

        var contacts = 1 + _rng.Next(3);
        var roles = DemoData.ContactRoles.OrderBy(_ => _rng.Next()).Take(contacts).ToArray();
        for (var i = 0; i < contacts; i++)
        {
            var female = _rng.Next(2) == 0;
            var first = Pick(female ? _femaleEs : _maleEs);
            var last = $"{Pick(_lastEs)} {Pick(_lastEs)}";
            var phone = MobileNumber(out var e164);
            customer.Contacts.Add(new ContactPerson
            {
                FirstName = first,
                LastName = last,
                Role = roles[i],
                Email = $"{Ascii(first)}.{Ascii(last.Split(' ')[0])}@{domain}",
                Phone = phone,
                PhoneE164 = e164,
                IsPrimary = i == 0,
            });
        }
    }

    private void AddEmail(Customer customer, string address, string label) =>
        customer.Emails.Add(new CustomerEmail
        {
            Address = address,
            Normalized = EmailAddresses.Normalize(address),
            Label = label,
            IsPrimary = customer.Emails.Count == 0,
        });

    private void AddPhones(Customer customer, bool isCompany)
    {
        var count = _rng.Next(100) < 35 ? 2 : 1;
        for (var i = 0; i < count; i++)
        {
            var landline = isCompany ? i == 0 : i == 1 && _rng.Next(2) == 0;
            var raw = landline ? LandlineNumber(out var e164) : MobileNumber(out e164);
            if (customer.Phones.Any(p => p.E164 == e164))
            {
                continue;
            }

            customer.Phones.Add(new CustomerPhone
            {
                Raw = raw,
                E164 = e164,
                Label = landline ? (isCompany ? "centralita" : "fijo") : "móvil",
                IsPrimary = customer.Phones.Count == 0,
            });
        }
    }

    private void AddAddresses(Customer customer, DemoCity city, bool isCompany)
    {
        customer.Addresses.Add(Address(city, isCompany ? "sede" : "domicilio"));
        if (isCompany && _rng.Next(100) < 30)
        {
            customer.Addresses.Add(Address(DemoData.Cities[PickWeighted(_cityWeights)], "facturación"));
        }
    }

    private CustomerAddress Address(DemoCity city, string label) => new()
    {
        Label = label,
        Line1 = $"{Pick(DemoData.StreetTypes)} {Pick(DemoData.StreetNames)}, {1 + _rng.Next(180)}{Pick(DemoData.Floors)}",
        City = city.Name,
        Region = city.Region,
        PostalCode = city.PostalPrefix + _rng.Next(0, 1000).ToString("000", CultureInfo.InvariantCulture),
        Country = "ES",
    };

    private void AddConsents(Customer customer)
    {
        var span = Math.Max(1, (long)(_now - customer.CreatedAt).TotalSeconds);
        foreach (var purpose in (ReadOnlySpan<ConsentPurpose>)[ConsentPurpose.MarketingEmail, ConsentPurpose.Sms, ConsentPurpose.Phone])
        {
            if (_rng.Next(100) >= 70)
            {
                continue;
            }

            var granted = customer.CreatedAt.AddSeconds(_rng.NextInt64(0, span / 4 + 1));
            customer.Consents.Add(new Consent { Purpose = purpose, Status = ConsentStatus.Granted, At = granted, Source = Pick(DemoData.ConsentSources) });
            if (_rng.Next(100) < 25)
            {
                var withdrawn = granted.AddSeconds(_rng.NextInt64(1, Math.Max(2, (long)(_now - granted).TotalSeconds)));
                customer.Consents.Add(new Consent { Purpose = purpose, Status = ConsentStatus.Withdrawn, At = withdrawn, Source = Pick(DemoData.WithdrawalSources) });
            }
        }
    }

    private void AddInteractions(DemoBatch batch, int owner, Customer customer, int count)
    {
        if (count == 0)
        {
            return;
        }

        var english = customer.PreferredLanguage == "en";
        var texts = english ? _textsEn : _textsEs;
        var byChannel = english ? _textsEnByChannel : _textsEsByChannel;
        var start = customer.CreatedAt > _now - InteractionWindow ? customer.CreatedAt : _now - InteractionWindow;
        var span = Math.Max(1, (long)(_now - start).TotalSeconds);
        var first = batch.Interactions.Count;
        for (var k = 0; k < count; k++)
        {
            // Customers lean towards their preferred channel.
            var text = customer.PreferredChannel is { } preferred && _rng.Next(100) < 40 && byChannel.TryGetValue(preferred, out var own)
                ? own[_rng.Next(own.Length)]
                : texts[_rng.Next(texts.Length)];
            // A random day in the window, at a time the contact centre and the shops are open (07:00–20:00 UTC).
            var day = start.AddSeconds(_rng.NextInt64(0, span)).Date;
            var at = day.AddSeconds(7 * 3600 + _rng.Next(13 * 3600));
            if (at < start || at >= _now)
            {
                at = start.AddSeconds(_rng.NextInt64(0, span));
            }

            int? duration = text.Channel switch
            {
                Channel.Phone => 40 + _rng.Next(600) + _rng.Next(900),
                Channel.Chat => 90 + _rng.Next(1_700),
                Channel.InPerson => 180 + _rng.Next(2_200),
                _ => null,
            };
            var automated = text.Channel is Channel.Web or Channel.Letter && _rng.Next(100) < 30;
            batch.Interactions.Add(new Interaction
            {
                Channel = text.Channel,
                Direction = text.Direction,
                Moment = text.Moment,
                Subject = text.Subject,
                Body = text.Body,
                AgentName = automated ? null : _agents[_rng.Next(_agents.Length)],
                OccurredAt = at,
                DurationSeconds = duration,
                Outcome = text.Outcome,
                SearchTerms = text.Terms,
                CreatedAt = at,
            });
            batch.Owner.Add(owner);
        }

        // A timeline reads oldest to newest in id order too.
        batch.Interactions.Sort(first, count, InteractionTimeOrder.Instance);
    }

    private static DemoText[] BuildTexts(DemoLanguage language, int size, Random rng)
    {
        var weights = CumulativeWeights(language.Topics.Select(t => t.Weight));
        var cities = CumulativeWeights(DemoData.Cities.Select(c => c.Weight));
        var terms = new Dictionary<(string, string), string>();
        var texts = new DemoText[size];
        for (var i = 0; i < size; i++)
        {
            var topic = language.Topics[PickWeighted(weights, rng)];
            var channel = topic.Channels[rng.Next(topic.Channels.Length)];
            var direction = rng.Next(100) < topic.OutboundPercent ? Direction.Outbound : Direction.Inbound;
            var products = topic.Products == ProductKind.Home ? language.HomeProducts : language.TelecomProducts;
            var english = language.Code == "en";
            // One set of slot values per text, so the subject and the body talk about the same order, month, product...
            var slots = new (string Key, string Value)[]
            {
                ("{producto}", products[rng.Next(products.Length)]),
                ("{tarifa}", language.Tariffs[rng.Next(language.Tariffs.Length)]),
                ("{importe}", language.Money(rng.Next(995, 29_990) / 100m)),
                ("{mes}", language.Months[rng.Next(language.Months.Length)]),
                ("{pedido}", (english ? "ORD-" : "PED-") + rng.Next(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture)),
                ("{incidencia}", (english ? "TKT-" : "INC-") + rng.Next(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture)),
                ("{operador}", language.Operators[rng.Next(language.Operators.Length)]),
                ("{ciudad}", DemoData.Cities[PickWeighted(cities, rng)].Name),
                ("{dias}", rng.Next(2, 15).ToString(CultureInfo.InvariantCulture)),
                ("{velocidad}", language.Speeds[rng.Next(language.Speeds.Length)]),
            };
            var frames = language.Frames[(channel, direction)];
            var subject = Capitalize(Fill(topic.Subjects[rng.Next(topic.Subjects.Length)], slots));
            var body = Fill(frames[rng.Next(frames.Length)], slots) + " " + Capitalize(Fill(topic.Bodies[rng.Next(topic.Bodies.Length)], slots));
            var outcome = topic.Outcomes[rng.Next(topic.Outcomes.Length)];
            if (!terms.TryGetValue((subject, body), out var analysed))
            {
                terms[(subject, body)] = analysed = InteractionService.IndexTerms(subject, body, language.Code);
            }

            texts[i] = new DemoText(channel, direction, topic.Moment, subject, body, outcome, analysed);
        }

        return texts;
    }

    private static string Fill(string template, (string Key, string Value)[] slots)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            return template;
        }

        var sb = new StringBuilder(template);
        foreach (var (key, value) in slots)
        {
            sb.Replace(key, value);
        }

        return sb.ToString();
    }

    private static string Capitalize(string text) =>
        text.Length > 0 && char.IsLower(text[0]) ? char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..] : text;

    // ---- Spanish tax ids, with real check characters ----

    private const string DniLetters = "TRWAGMYFPDXBNJZSQVHLCKE";

    /// <summary>DNI: 8 digits and the letter of (number mod 23).</summary>
    private string Dni()
    {
        var number = _rng.Next(10_000_000, 80_000_000);
        return number.ToString("00000000", CultureInfo.InvariantCulture) + DniLetters[number % 23];
    }

    /// <summary>NIE: X, Y or Z (standing for 0, 1, 2), 7 digits, and the DNI letter of the resulting 8-digit number.</summary>
    private string Nie()
    {
        var prefix = _rng.Next(3);
        var number = _rng.Next(0, 10_000_000);
        return "XYZ"[prefix] + number.ToString("0000000", CultureInfo.InvariantCulture) + DniLetters[(prefix * 10_000_000 + number) % 23];
    }

    /// <summary>
    /// CIF: organisation letter, province (here the postal prefix of the seat), 5 digits, and the control: over the 7
    /// digits, even positions add as they are and odd positions add the digit sum of their double; the control
    /// digit is (10 − total mod 10) mod 10. Forms A, B, E, F used here take it as a digit.
    /// </summary>
    private string Cif(char letter, string province)
    {
        var digits = province + _rng.Next(0, 100_000).ToString("00000", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 7; i++)
        {
            var d = digits[i] - '0';
            sum += i % 2 == 0 ? (d * 2 / 10) + (d * 2 % 10) : d;
        }

        return $"{letter}{digits}{(10 - sum % 10) % 10}";
    }

    // ---- Spanish phone numbers, in the formats people type ----

    private string MobileNumber(out string e164)
    {
        var national = (_rng.Next(100) < 75 ? "6" : "7") + _rng.Next(0, 100_000_000).ToString("00000000", CultureInfo.InvariantCulture);
        return Format(national, out e164);
    }

    private string LandlineNumber(out string e164)
    {
        var prefix = Pick(DemoData.LandlinePrefixes);
        var rest = _rng.Next(0, 10_000_000).ToString("0000000", CultureInfo.InvariantCulture);
        return Format((prefix + rest)[..9], out e164);
    }

    private string Format(string national, out string e164)
    {
        var raw = _rng.Next(4) switch
        {
            0 => national,
            1 => $"{national[..3]} {national[3..5]} {national[5..7]} {national[7..]}",
            2 => $"+34 {national[..3]} {national[3..6]} {national[6..]}",
            _ => $"{national[..3]}-{national[3..6]}-{national[6..]}",
        };
        // Same normalisation the API applies, so demo rows look exactly like rows created by agents.
        e164 = PhoneNumbers.TryNormalize(raw, "34", out var normalized) ? normalized : "+34" + national;
        return raw;
    }

    // ---- helpers ----

    private static readonly int[] CompanyFormWeights = CumulativeWeights(DemoData.CompanyForms.Select(f => f.Weight));

    private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

    private int PickWeighted(int[] cumulative) => PickWeighted(cumulative, _rng);

    private static int PickWeighted(int[] cumulative, Random rng)
    {
        var roll = rng.Next(cumulative[^1]);
        var index = Array.BinarySearch(cumulative, roll + 1);
        return index >= 0 ? index : ~index;
    }

    private static int[] CumulativeWeights(IEnumerable<int> weights)
    {
        var total = 0;
        return weights.Select(w => total += w).ToArray();
    }

    /// <summary>Distinct values in first-seen order, so the pool is the same for the same seed.</summary>
    private static string[] Pool(Func<string> next, int draws)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pool = new List<string>();
        for (var i = 0; i < draws; i++)
        {
            var value = next();
            if (!string.IsNullOrWhiteSpace(value) && seen.Add(value))
            {
                pool.Add(value);
            }
        }

        return pool.ToArray();
    }

    /// <summary>Folded, lower-case ASCII letters and digits only: for e-mail local parts and domains.</summary>
    private static string Ascii(string text)
    {
        var folded = TextFolding.Fold(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.Length > 0 ? sb.ToString() : "cliente";
    }

    private sealed class InteractionTimeOrder : IComparer<Interaction>
    {
        public static readonly InteractionTimeOrder Instance = new();

        public int Compare(Interaction? x, Interaction? y) => x!.OccurredAt.CompareTo(y!.OccurredAt);
    }
}
