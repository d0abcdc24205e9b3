using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Scripts;
using Vinculo.Core.Storage;
using Vinculo.Domain.Scripts;

namespace Vinculo.Core.Demo;

/// <summary>
/// The demo's agent scripts, in Spanish and English, and the rules that choose them: a complaint or billing call with
/// overdue invoices gets a payment plan; a complaint from a platinum or gold customer gets a free upgrade (longer for
/// platinum); a return is led through its reason; everything else follows the general enquiry, which also reminds of
/// overdue invoices and suggests a second product.
/// </summary>
public static class DemoScripts
{
    public const string Billing = "billing-overdue";
    public const string Vip = "vip-complaint";
    public const string Return = "product-return";
    public const string General = "general-enquiry";

    private sealed record Text(string Es, string En);

    /// <summary>Adds the demo scripts and rules unless the database already has scripts. Returns how many scripts were added.</summary>
    public static async Task<int> SeedAsync(VinculoDb db, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        if (await db.Scripts.AnyAsync(ct))
        {
            return 0;
        }

        var now = Timestamps.Truncate(clock.GetUtcNow().UtcDateTime);
        var scripts = Scripts().SelectMany(s => new[] { ("es", s.Name.Es, s.Description.Es), ("en", s.Name.En, s.Description.En) }
            .Select(v => new AgentScript
            {
                Code = s.Code, Language = v.Item1, Name = v.Item2, Description = v.Item3,
                Definition = ScriptJson.Write(s.Build(v.Item1)), Status = ScriptStatus.Active, AuthorName = "Vinculo",
                CreatedAt = now, UpdatedAt = now, Version = 1,
            })).ToList();
        db.Scripts.AddRange(scripts);
        db.ScriptRules.AddRange(Rules().Select(r => new ScriptRule
        {
            Name = r.Name, Priority = r.Priority, Conditions = ScriptJson.Write(r.Conditions), ScriptCode = r.ScriptCode, Active = true,
            CreatedAt = now, UpdatedAt = now, Version = 1,
        }));
        await db.SaveChangesAsync(ct);
        return scripts.Count;
    }

    /// <summary>The demo rules, highest priority first (ids are given by the database).</summary>
    public static IReadOnlyList<SelectionRule> Rules() =>
    [
        new(0, "Queja con facturas vencidas: plan de pagos", 300,
            [new("contact.reason", ScriptOperator.Equals, "complaint"), new("invoices.overdueCount", ScriptOperator.GreaterThan, "0")], Billing),
        new(0, "Consulta de facturación con facturas vencidas", 290,
            [new("contact.reason", ScriptOperator.Equals, "billing"), new("invoices.overdueCount", ScriptOperator.GreaterThan, "0")], Billing),
        new(0, "Queja de cliente platinum: mejora gratuita", 200,
            [new("contact.reason", ScriptOperator.Equals, "complaint"), new("customer.tier", ScriptOperator.Equals, "platinum")], Vip),
        new(0, "Queja de cliente gold: mejora gratuita", 190,
            [new("contact.reason", ScriptOperator.Equals, "complaint"), new("customer.tier", ScriptOperator.Equals, "gold")], Vip),
        new(0, "Devolución de producto", 100, [new("contact.reason", ScriptOperator.Equals, "return")], Return),
        new(0, "Consulta general (por defecto)", 0, [], General),
    ];

    private sealed record DemoScript(string Code, Text Name, Text Description, Func<string, ScriptDefinition> Build);

    /// <summary>Every demo script: its code, names and the definition in each language.</summary>
    public static IReadOnlyList<(string Code, string Language, ScriptDefinition Definition)> Definitions() =>
        Scripts().SelectMany(s => new[] { "es", "en" }.Select(l => (s.Code, l, s.Build(l)))).ToList();

    private static IEnumerable<DemoScript> Scripts() =>
    [
        new(Billing, new("Reclamación con facturas vencidas", "Complaint with overdue invoices"),
            new("Ofrece un plan de pagos al cliente con facturas vencidas.", "Offers a payment plan to a customer with overdue invoices."), BillingScript),
        new(Vip, new("Queja de cliente de alto valor", "Complaint from a high-value customer"),
            new("Escala la queja y ofrece una mejora gratuita (12 meses platinum, 3 meses gold).", "Escalates the complaint and offers a free upgrade (12 months platinum, 3 months gold)."), VipScript),
        new(Return, new("Devolución de producto", "Product return"),
            new("Guía la devolución según su motivo.", "Leads the return by its reason."), ReturnScript),
        new(General, new("Consulta general", "General enquiry"),
            new("Guion por defecto: recuerda las facturas pendientes y sugiere un segundo producto.", "Default script: reminds of unpaid invoices and suggests a second product."), GeneralScript),
    ];

    private static ScriptStep Say(string id, string lang, Text text, string next) => new(id, ScriptStepKind.Say, Pick(text, lang), Next: next);

    private static ScriptStep End(string id, string lang, Text text) => new(id, ScriptStepKind.End, Pick(text, lang));

    private static ScriptStep Ask(string id, string lang, Text text, params (string Answer, Text Label, string Next)[] choices) =>
        new(id, ScriptStepKind.Ask, Pick(text, lang), Choices: choices.Select(c => new ScriptChoice(c.Answer, c.Next, Pick(c.Label, lang))).ToList());

    private static ScriptStep Decide(string id, string otherwise, params ScriptCondition[] conditions) =>
        new(id, ScriptStepKind.Decide, Next: otherwise, Conditions: conditions);

    private static string Pick(Text text, string lang) => lang == "en" ? text.En : text.Es;

    private static ScriptDefinition BillingScript(string l) => new("greet",
    [
        Say("greet", l, new("Hola, {{customer.name}}. Gracias por llamar; reviso su cuenta ahora mismo.",
            "Hello, {{customer.name}}. Thank you for calling; I am checking your account right now."), "check"),
        Decide("check", "pending", new ScriptCondition("invoices.oldestOverdueDays", ScriptOperator.GreaterThan, "60", "serious")),
        Say("serious", l, new(
            "Tiene {{invoices.overdueCount}} facturas vencidas por {{invoices.overdueAmount}} €; la más antigua lleva {{invoices.oldestOverdueDays}} días de retraso. Para evitar la suspensión del servicio podemos acordar hoy un plan de pagos.",
            "You have {{invoices.overdueCount}} overdue invoices for €{{invoices.overdueAmount}}; the oldest is {{invoices.oldestOverdueDays}} days late. To avoid a suspension of the service we can agree a payment plan today."), "offer"),
        Say("pending", l, new(
            "Tiene {{invoices.overdueCount}} facturas pendientes por {{invoices.overdueAmount}} €. Podemos repartir el importe en un plan de pagos sin recargo.",
            "You have {{invoices.overdueCount}} unpaid invoices for €{{invoices.overdueAmount}}. We can split the amount into a payment plan at no extra cost."), "offer"),
        Ask("offer", l, new("¿Quiere que le prepare un plan de pagos en tres cuotas mensuales?", "Shall I set up a payment plan in three monthly instalments?"),
            ("yes", new("Sí, acepta el plan", "Yes, accepts the plan"), "plan"),
            ("no", new("No, prefiere pagar ahora", "No, prefers to pay now"), "pay-now"),
            ("dispute", new("No está de acuerdo con una factura", "Disputes an invoice"), "dispute")),
        Say("plan", l, new("Perfecto. Le envío el plan de pagos por correo; la primera cuota se cargará en 5 días.",
            "Done. I am e-mailing you the payment plan; the first instalment will be charged in 5 days."), "anything"),
        Say("pay-now", l, new("De acuerdo. Puede pagar ahora con tarjeta o por transferencia; le envío los datos.",
            "All right. You can pay now by card or bank transfer; I am sending you the details."), "anything"),
        Say("dispute", l, new("Entendido. Abro una revisión de la factura; mientras tanto no le reclamaremos ese importe.",
            "Understood. I am opening a review of the invoice; meanwhile we will not claim that amount."), "anything"),
        Ask("anything", l, new("¿Puedo ayudarle en algo más?", "Can I help you with anything else?"),
            ("no", new("No", "No"), "bye"), ("yes", new("Sí", "Yes"), "other")),
        End("other", l, new("Cuénteme; tomo nota de su otra consulta.", "Go ahead; I am noting your other question.")),
        End("bye", l, new("Gracias por su llamada, {{customer.name}}. Que tenga un buen día.", "Thank you for calling, {{customer.name}}. Have a nice day.")),
    ]);

    private static ScriptDefinition VipScript(string l) => new("greet",
    [
        Say("greet", l, new("Hola, {{customer.name}}. Lamento mucho las molestias; como cliente {{customer.tier}} su caso tiene prioridad.",
            "Hello, {{customer.name}}. I am very sorry for the trouble; as a {{customer.tier}} customer your case has priority."), "solved"),
        Ask("solved", l, new("¿Hemos podido resolver el problema durante la llamada?", "Have we been able to solve the problem during the call?"),
            ("yes", new("Sí, resuelto", "Yes, solved"), "tier"), ("no", new("No, sigue pendiente", "No, still open"), "escalate")),
        Say("escalate", l, new("Escalo su caso ahora mismo a un especialista, que le llamará hoy.",
            "I am escalating your case to a specialist right now, who will call you today."), "tier"),
        Decide("tier", "upgrade-gold", new ScriptCondition("customer.tier", ScriptOperator.Equals, "platinum", "upgrade-platinum")),
        Ask("upgrade-platinum", l, new("Por las molestias, le ofrecemos pasar gratis al plan superior durante 12 meses. ¿Lo acepta?",
                "To make up for the trouble, we offer you the next plan up free for 12 months. Do you accept?"),
            ("yes", new("Acepta la mejora", "Accepts the upgrade"), "accepted"), ("no", new("No la quiere", "Declines"), "declined")),
        Ask("upgrade-gold", l, new("Por las molestias, le ofrecemos pasar gratis al plan superior durante 3 meses. ¿Lo acepta?",
                "To make up for the trouble, we offer you the next plan up free for 3 months. Do you accept?"),
            ("yes", new("Acepta la mejora", "Accepts the upgrade"), "accepted"), ("no", new("No la quiere", "Declines"), "declined")),
        Say("accepted", l, new("Hecho: la mejora se activa hoy y la verá en su próxima factura.", "Done: the upgrade starts today and will show on your next invoice."), "bye"),
        Say("declined", l, new("Entendido; la oferta sigue disponible 30 días si cambia de opinión.", "Understood; the offer stays open for 30 days if you change your mind."), "bye"),
        End("bye", l, new("Gracias por su confianza, {{customer.name}}.", "Thank you for your trust, {{customer.name}}.")),
    ]);

    private static ScriptDefinition ReturnScript(string l) => new("greet",
    [
        Say("greet", l, new("Hola, {{customer.name}}. Le ayudo con la devolución.", "Hello, {{customer.name}}. I will help you with the return."), "orders"),
        Decide("orders", "no-order", new ScriptCondition("orders.count", ScriptOperator.GreaterThan, "0", "reason")),
        Say("no-order", l, new("No encuentro pedidos a su nombre; necesito el número de pedido o el tique de compra.",
            "I cannot find orders in your name; I need the order number or the receipt."), "bye"),
        Ask("reason", l, new("Veo su último pedido del {{orders.lastDate}}. ¿Cuál es el motivo de la devolución?",
                "I see your latest order of {{orders.lastDate}}. Why are you returning it?"),
            ("damaged", new("Llegó dañado", "It arrived damaged"), "damaged"),
            ("wrong", new("Producto equivocado", "Wrong item"), "wrong"),
            ("changed", new("Ha cambiado de opinión", "Changed their mind"), "changed")),
        Say("damaged", l, new("Lo sentimos. Recogemos el producto sin coste y le enviamos otro o le devolvemos el importe, como prefiera.",
            "We are sorry. We will collect it at no cost and send you another one or refund you, as you prefer."), "bye"),
        Say("wrong", l, new("Disculpe el error. Le enviamos el producto correcto y recogemos el otro sin coste.",
            "Sorry for the mistake. We will send you the right item and collect the other one at no cost."), "bye"),
        Say("changed", l, new("Tiene 14 días desde la entrega para devolverlo en su embalaje original; el reembolso llega en 5 días hábiles.",
            "You have 14 days from delivery to return it in its original packaging; the refund arrives within 5 working days."), "bye"),
        End("bye", l, new("Gracias, {{customer.name}}. Recibirá la confirmación por correo.", "Thank you, {{customer.name}}. You will receive the confirmation by e-mail.")),
    ]);

    private static ScriptDefinition GeneralScript(string l) => new("greet",
    [
        Say("greet", l, new("Hola, {{customer.name}}, gracias por llamar. ¿En qué puedo ayudarle?",
            "Hello, {{customer.name}}, thank you for calling. How can I help you?"), "overdue"),
        Decide("overdue", "topic", new ScriptCondition("invoices.overdueCount", ScriptOperator.GreaterThan, "0", "remind")),
        Say("remind", l, new("Antes de nada, le recuerdo que tiene {{invoices.overdueCount}} facturas pendientes ({{invoices.overdueAmount}} €).",
            "First of all, a reminder that you have {{invoices.overdueCount}} unpaid invoices (€{{invoices.overdueAmount}})."), "topic"),
        Ask("topic", l, new("¿Sobre qué es su consulta?", "What is your question about?"),
            ("products", new("Sus productos", "Their products"), "products"),
            ("billing", new("Facturación", "Billing"), "billing"),
            ("other", new("Otra consulta", "Something else"), "other")),
        Decide("products", "none", new ScriptCondition("products.activeCount", ScriptOperator.GreaterThan, "0", "owned")),
        Say("owned", l, new("Tiene contratado: {{products.active}}.", "You have: {{products.active}}."), "cross"),
        Say("none", l, new("Ahora mismo no tiene productos contratados; le cuento nuestras ofertas.", "You have no products with us right now; let me tell you about our offers."), "solved"),
        Decide("cross", "solved", new ScriptCondition("products.activeCount", ScriptOperator.LessThan, "2", "offer-cross")),
        Say("offer-cross", l, new("Si contrata un segundo producto, le aplicamos un 10 % de descuento en los dos.",
            "If you take a second product, you get 10% off both."), "solved"),
        Say("billing", l, new("Tiene {{invoices.openCount}} facturas abiertas; le explico cualquier importe.",
            "You have {{invoices.openCount}} open invoices; I can explain any amount."), "solved"),
        Say("other", l, new("Tomo nota y busco la respuesta en la base de conocimiento.", "I am noting it and looking for the answer in the knowledge base."), "solved"),
        Ask("solved", l, new("¿Hemos resuelto su consulta?", "Have we answered your question?"),
            ("yes", new("Sí", "Yes"), "bye"), ("no", new("No, otra cosa", "No, something else"), "topic")),
        End("bye", l, new("Gracias por llamar, {{customer.name}}.", "Thank you for calling, {{customer.name}}.")),
    ]);
}
