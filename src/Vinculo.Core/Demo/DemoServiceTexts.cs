namespace Vinculo.Core.Demo;

/// <summary>Texts of the demo service desk's cases, in Spanish and English (customers who speak English get English texts).</summary>
internal static class DemoServiceTexts
{
    public static readonly string[] ProductsEs =
    [
        "la lavadora", "el frigorífico", "el televisor", "el router", "el móvil", "el sofá", "la aspiradora", "la cafetera",
        "el colchón", "el microondas", "el decodificador", "la tablet",
    ];

    public static readonly string[] ProductsEn =
    [
        "the washing machine", "the fridge", "the TV", "the router", "the mobile phone", "the sofa", "the vacuum cleaner",
        "the coffee machine", "the mattress", "the microwave", "the set-top box", "the tablet",
    ];

    public static readonly Dictionary<string, string[]> SubjectsEs = new(StringComparer.Ordinal)
    {
        ["question"] =
        [
            "Consulta sobre {producto}", "Duda sobre la última factura", "¿Cómo cambio mi tarifa?", "Plazo de entrega del pedido {pedido}",
            "Cobertura de fibra en {ciudad}", "¿Qué incluye mi contrato?", "Horario de la tienda de {ciudad}",
        ],
        ["incident"] =
        [
            "Sin conexión a internet", "La línea móvil no tiene cobertura", "No puedo entrar en el área de cliente",
            "El router se reinicia solo", "No funciona {producto}", "La televisión se corta", "Internet muy lento desde ayer",
        ],
        ["complaint"] =
        [
            "Reclamación por cobro indebido", "Queja por la atención recibida", "Reclamación: pedido {pedido} no entregado",
            "Cortes continuos de fibra", "Reclamación por penalización de permanencia", "El técnico no vino a la cita",
        ],
        ["return"] =
        [
            "Devolución de {producto}", "Quiero devolver el pedido {pedido}", "{producto} llegó dañado", "Devolución por medida incorrecta",
        ],
        ["warranty"] =
        [
            "Avería de {producto} en garantía", "Reparación en garantía de {producto}", "Garantía: {producto} no enciende",
            "{producto} hace un ruido extraño",
        ],
        ["request"] =
        [
            "Cambio de titular del contrato", "Duplicado de factura", "Alta de una nueva línea", "Cambio de domicilio de instalación",
            "Portabilidad de mi número", "Cambio de cuenta bancaria",
        ],
    };

    public static readonly Dictionary<string, string[]> SubjectsEn = new(StringComparer.Ordinal)
    {
        ["question"] =
        [
            "Question about {producto}", "Question about my last invoice", "How do I change my plan?", "Delivery time of order {pedido}",
            "Fibre coverage in {ciudad}", "What does my contract include?",
        ],
        ["incident"] =
        [
            "No internet connection", "No mobile signal", "Cannot log in to my account", "The router keeps restarting",
            "{producto} does not work", "Internet very slow since yesterday",
        ],
        ["complaint"] =
        [
            "Complaint about a wrong charge", "Complaint about the service I received", "Complaint: order {pedido} never arrived",
            "Fibre keeps dropping", "The technician missed the appointment",
        ],
        ["return"] = ["Return of {producto}", "I want to return order {pedido}", "{producto} arrived damaged"],
        ["warranty"] = ["{producto} broke under warranty", "Warranty repair of {producto}", "Warranty: {producto} does not switch on"],
        ["request"] = ["Change of contract holder", "Copy of an invoice", "New mobile line", "Change of installation address", "Change of bank account"],
    };

    public static readonly Dictionary<string, string[]> DescriptionsEs = new(StringComparer.Ordinal)
    {
        ["question"] = ["El cliente pregunta por las condiciones antes de decidir.", "Quiere saber cuándo le llega y qué opciones tiene.", "Pide información detallada por escrito."],
        ["incident"] = ["Desde esta mañana no funciona; ya ha reiniciado el equipo.", "Falla varias veces al día, sobre todo por la tarde.", "Ha probado los pasos de la web sin éxito."],
        ["complaint"] = ["El cliente está molesto y pide una solución y una compensación.", "Es la segunda vez que reclama por lo mismo.", "Pide la hoja de reclamaciones."],
        ["return"] = ["Dentro del plazo de 14 días; conserva el embalaje.", "El producto no es lo que esperaba.", "Llegó con golpes en la caja."],
        ["warranty"] = ["Comprado hace menos de dos años; adjunta el tique.", "Deja de funcionar al poco de encenderlo.", "Solicita la recogida para reparar."],
        ["request"] = ["Adjunta la documentación necesaria.", "Lo necesita antes de fin de mes.", "Pide confirmación por correo electrónico."],
    };

    public static readonly Dictionary<string, string[]> DescriptionsEn = new(StringComparer.Ordinal)
    {
        ["question"] = ["The customer asks about the terms before deciding.", "Wants to know when it arrives and the options."],
        ["incident"] = ["Not working since this morning; already restarted it.", "Fails several times a day, mostly in the evening."],
        ["complaint"] = ["The customer is upset and asks for a fix and compensation.", "Second complaint about the same thing."],
        ["return"] = ["Within the 14-day period; kept the packaging.", "Not what the customer expected."],
        ["warranty"] = ["Bought less than two years ago; receipt attached.", "Stops working shortly after switching it on."],
        ["request"] = ["Documents attached.", "Needs it before the end of the month."],
    };

    public static readonly string[] AgentRepliesEs =
    [
        "Hola, gracias por contactar con nosotros. Ya estamos revisando su caso y le informamos en cuanto tengamos novedades.",
        "Buenos días. Hemos comprobado la incidencia y le hemos enviado los pasos para solucionarla. ¿Puede confirmarnos si funciona?",
        "Le confirmamos que hemos tramitado su solicitud. Recibirá un correo con los detalles.",
        "Disculpe las molestias. Hemos abierto una revisión con el departamento correspondiente.",
        "Necesitamos que nos envíe una foto del producto y del tique de compra para continuar.",
        "Hemos programado la visita del técnico; le llamarán para confirmar la hora.",
        "Hemos aplicado el abono en su próxima factura. Gracias por su paciencia.",
    ];

    public static readonly string[] AgentRepliesEn =
    [
        "Hello, thank you for contacting us. We are looking into your case and will update you soon.",
        "We have checked the problem and sent you the steps to fix it. Could you confirm it works now?",
        "Your request has been processed; you will receive an e-mail with the details.",
        "Sorry for the trouble. We have opened a review with the team in charge.",
        "Please send us a photo of the product and the receipt so we can continue.",
    ];

    public static readonly string[] CustomerRepliesEs =
    [
        "Sigue sin funcionar, ¿pueden revisarlo otra vez?", "Adjunto la foto y el tique que me pidieron.", "Gracias, ya funciona.",
        "¿Hay alguna novedad? Llevo varios días esperando.", "Prefiero que me llamen por la tarde.", "De acuerdo, quedo a la espera.",
    ];

    public static readonly string[] CustomerRepliesEn =
    [
        "It still does not work, can you check again?", "Attached are the photo and receipt you asked for.", "Thanks, it works now.",
        "Any news? I have been waiting for days.",
    ];

    public static readonly string[] Notes =
    [
        "Cliente habitual, tratar con prioridad.", "Consultado con el almacén: sin stock hasta la semana que viene.",
        "Pendiente de respuesta del proveedor.", "Revisado el historial: tuvo la misma avería hace tres meses.",
        "Escalado a segundo nivel.", "Ofrecer abono del 10 % si vuelve a reclamar.",
    ];

    public static readonly Dictionary<string, string[]> Tags = new(StringComparer.Ordinal)
    {
        ["question"] = ["tarifa", "factura", "envio", "cobertura"],
        ["incident"] = ["fibra", "movil", "tv", "router", "area-cliente"],
        ["complaint"] = ["reincidente", "compensacion", "hoja-reclamaciones", "redes-sociales"],
        ["return"] = ["devolucion", "dañado", "recogida"],
        ["warranty"] = ["garantia", "reparacion", "recogida"],
        ["request"] = ["titularidad", "portabilidad", "domiciliacion", "alta"],
    };
}
