using Microsoft.EntityFrameworkCore;
using Vinculo.Core.Storage;
using Vinculo.Domain.Macros;

namespace Vinculo.Core.Demo;

/// <summary>One demo macro in both languages.</summary>
internal sealed record DemoMacro(
    string NameEs, string NameEn, string CategoryEs, string CategoryEn, string[] TagsEs, string[] TagsEn, string BodyEs, string BodyEn);

/// <summary>
/// The demo company's shared macros (canned replies) in Spanish and English, each pair linked as translations: greeting,
/// payment reminder, return instructions, escalation notice, request for details, warranty repair, late delivery and
/// closing. Their placeholders are facts macros know (checked by the tests).
/// </summary>
public static class DemoMacros
{
    internal static readonly DemoMacro[] Macros =
    [
        new("Saludo inicial", "Greeting", "Saludos y cierres", "Greetings and closings", ["saludo"], ["greeting"],
            """
            Hola, {{customer.firstName}}:

            Gracias por ponerse en contacto con nosotros. Soy {{agent.firstName}} y me encargo de su caso #{{case.id}} («{{case.subject}}»). Ya lo estoy revisando y le escribiré en cuanto tenga novedades.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            Thank you for getting in touch. I am {{agent.firstName}} and I am looking after your case #{{case.id}} ("{{case.subject}}"). I am reviewing it now and will write to you as soon as I have news.

            Kind regards,
            {{agent.name}}
            """),
        new("Recordatorio de pago", "Payment reminder", "Facturación", "Billing", ["factura", "impago"], ["invoice", "overdue"],
            """
            Hola, {{customer.firstName}}:

            Le escribimos porque en su cuenta figuran {{invoices.overdueCount}} facturas vencidas por un importe pendiente de {{invoices.overdueAmount}} €.

            Puede pagarlas desde el área de cliente con tarjeta o por transferencia bancaria. Si prefiere repartir el importe, podemos ofrecerle un plan de pagos de hasta seis meses sin intereses: responda a este mensaje y lo preparamos.

            Si ya ha realizado el pago, no tenga en cuenta este aviso.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            We are writing because your account shows {{invoices.overdueCount}} overdue invoices with an outstanding amount of €{{invoices.overdueAmount}}.

            You can pay them from your customer area by card or by bank transfer. If you would rather spread the amount, we can offer you an interest-free payment plan of up to six months: just reply to this message and we will set it up.

            If you have already paid, please disregard this reminder.

            Kind regards,
            {{agent.name}}
            """),
        new("Instrucciones de devolución", "Return instructions", "Devoluciones", "Returns", ["devolución", "reembolso"], ["return", "refund"],
            """
            Hola, {{customer.firstName}}:

            Tiene 14 días naturales desde la entrega para devolver el producto. Para hacerlo:

            1. Guárdelo en su embalaje original, con todos sus accesorios.
            2. Elija en el área de cliente la recogida a domicilio gratuita o la entrega en una de nuestras tiendas.
            3. Indique el número de caso #{{case.id}} en la etiqueta que le enviaremos por correo electrónico.

            Cuando lo recibamos y comprobemos su estado, le devolveremos el importe por el mismo medio de pago en un plazo máximo de 14 días.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            You have 14 calendar days from delivery to return the product. To do so:

            1. Pack it in its original packaging, with all its accessories.
            2. Choose free home collection or drop-off at one of our shops in your customer area.
            3. Write the case number #{{case.id}} on the label we will e-mail you.

            Once we receive it and check its condition, we will refund you through the same payment method within 14 days.

            Kind regards,
            {{agent.name}}
            """),
        new("Aviso de escalado", "Escalation notice", "Escalados", "Escalations", ["escalado", "reclamación"], ["escalation", "complaint"],
            """
            Hola, {{customer.firstName}}:

            Hemos trasladado su caso #{{case.id}} a un equipo especializado para que lo revise con prioridad. Le contactarán en un plazo máximo de dos días laborables con una solución o con los siguientes pasos.

            Lamentamos las molestias y le agradecemos su paciencia.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            We have passed your case #{{case.id}} on to a specialist team so that it is reviewed as a priority. They will contact you within two working days with a solution or the next steps.

            We are sorry for the inconvenience and thank you for your patience.

            Kind regards,
            {{agent.name}}
            """),
        new("Solicitud de información", "Request for details", "Información", "Information", ["información"], ["details"],
            """
            Hola, {{customer.firstName}}:

            Para seguir con su caso #{{case.id}} necesitamos algunos datos más:

            - El número de pedido o de factura.
            - Una foto del producto o de la pantalla con el error, si procede.
            - Una franja horaria en la que podamos llamarle.

            En cuanto nos los envíe, retomamos la gestión. El caso queda en espera de su respuesta.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            To carry on with your case #{{case.id}} we need a few more details:

            - The order or invoice number.
            - A photo of the product or of the screen showing the error, if relevant.
            - A time when we can call you.

            As soon as you send them, we will pick it up again. The case is waiting for your reply.

            Kind regards,
            {{agent.name}}
            """),
        new("Reparación en garantía", "Warranty repair", "Garantía", "Warranty", ["garantía", "avería"], ["warranty", "repair"],
            """
            Hola, {{customer.firstName}}:

            Su producto está en garantía, así que la reparación no tiene ningún coste. Un técnico del servicio oficial le llamará en las próximas 48 horas para acordar la visita o la recogida.

            Tenga a mano la factura de compra y, si puede, el número de serie (suele estar en una etiqueta en la parte trasera). Si la avería no se puede reparar, le cambiaremos el producto por otro igual o de características equivalentes.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            Your product is under warranty, so the repair costs you nothing. A technician from the authorised service will call you within 48 hours to arrange a visit or a collection.

            Please have the purchase invoice at hand and, if possible, the serial number (usually on a label at the back). If the fault cannot be repaired, we will replace the product with the same model or one with equivalent features.

            Kind regards,
            {{agent.name}}
            """),
        new("Disculpa por retraso en la entrega", "Late delivery apology", "Pedidos", "Orders", ["entrega", "pedido"], ["delivery", "order"],
            """
            Hola, {{customer.firstName}}:

            Sentimos mucho que su pedido no haya llegado en el plazo previsto. Hemos hablado con la empresa de transporte y la entrega se hará en los próximos dos días laborables; recibirá un SMS con la franja horaria.

            Como compensación, le hemos aplicado el envío gratuito en su próximo pedido. Si prefiere cancelar la compra, responda a este mensaje y le devolveremos el importe íntegro.

            Un saludo,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            We are very sorry that your order did not arrive on time. We have spoken to the carrier and it will be delivered within the next two working days; you will get a text message with the time slot.

            To make up for it, your next order ships free of charge. If you would rather cancel the purchase, reply to this message and we will refund you in full.

            Kind regards,
            {{agent.name}}
            """),
        new("Cierre del caso", "Case closing", "Saludos y cierres", "Greetings and closings", ["cierre"], ["closing"],
            """
            Hola, {{customer.firstName}}:

            Damos por resuelto su caso #{{case.id}} («{{case.subject}}»). Si necesita algo más sobre este asunto, responda a este mensaje en los próximos 14 días y lo reabriremos.

            En unos días puede que le llegue una breve encuesta: su opinión nos ayuda a mejorar.

            Gracias por confiar en nosotros,
            {{agent.name}}
            """,
            """
            Hello {{customer.firstName}},

            We consider your case #{{case.id}} ("{{case.subject}}") resolved. If you need anything else about it, reply to this message within the next 14 days and we will reopen it.

            You may receive a short survey in a few days: your opinion helps us improve.

            Thank you for trusting us,
            {{agent.name}}
            """),
    ];

    /// <summary>
    /// Adds the demo macros as shared macros, each Spanish one linked to its English translation, in one transaction. A
    /// macro whose name is already used (shared, same language) is left as it is, with its translation; returns how many
    /// macros were added.
    /// </summary>
    public static async Task<int> SeedAsync(VinculoDb db, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        now = Timestamps.Truncate(now.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(now, DateTimeKind.Utc) : now.ToUniversalTime());
        var existing = (await db.Macros.AsNoTracking().Where(m => m.OwnerId == null).Select(m => new { m.Language, m.NameKey }).ToListAsync(ct))
            .Select(m => (m.Language, m.NameKey)).ToHashSet();
        var pairs = Macros.Where(m => !existing.Contains(("es", MacroRules.NameKey(m.NameEs))) && !existing.Contains(("en", MacroRules.NameKey(m.NameEn))))
            .Select(m => (Es: New(m.NameEs, "es", m.CategoryEs, m.TagsEs, m.BodyEs, now), En: New(m.NameEn, "en", m.CategoryEn, m.TagsEn, m.BodyEn, now)))
            .ToList();
        if (pairs.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Macros.AddRange(pairs.Select(p => p.Es));
        await db.SaveChangesAsync(ct);
        foreach (var (es, en) in pairs)
        {
            es.TranslationGroupId = es.Id;
            en.TranslationGroupId = es.Id;
        }

        db.Macros.AddRange(pairs.Select(p => p.En));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return pairs.Count * 2;
    }

    private static Macro New(string name, string language, string category, string[] tags, string body, DateTime now)
    {
        var joined = MacroRules.JoinTags(MacroRules.NormalizeTags(tags));
        return new Macro
        {
            Name = name, NameKey = MacroRules.NameKey(name), Language = language, Body = body, Category = category, Tags = joined,
            SearchText = MacroRules.SearchText(name, category, joined, body), CreatedAt = now, UpdatedAt = now, Version = 1,
        };
    }
}
