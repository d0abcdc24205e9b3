using Vinculo.Domain.Customers;

namespace Vinculo.Core.Demo;

/// <summary>A Spanish city with its province's postal-code prefix (the first two digits) and its region.</summary>
internal sealed record DemoCity(string Name, string PostalPrefix, string Region, int Weight);

/// <summary>
/// Fixed word lists for the demo company, "Vínculo Hogar y Telecomunicaciones": a Spanish retailer that sells home
/// textiles and appliances and also resells fibre, mobile and TV. Names of people come from Bogus; everything that
/// must be coherent (cities with their postal codes, roles, tags, notes) is listed here.
/// </summary>
internal static class DemoData
{
    public static readonly DemoCity[] Cities =
    [
        new("Madrid", "28", "Comunidad de Madrid", 60), new("Barcelona", "08", "Cataluña", 35), new("Valencia", "46", "Comunidad Valenciana", 16),
        new("Sevilla", "41", "Andalucía", 14), new("Zaragoza", "50", "Aragón", 13), new("Málaga", "29", "Andalucía", 12),
        new("Murcia", "30", "Región de Murcia", 9), new("Palma", "07", "Islas Baleares", 8), new("Las Palmas de Gran Canaria", "35", "Canarias", 8),
        new("Bilbao", "48", "País Vasco", 7), new("Alicante", "03", "Comunidad Valenciana", 7), new("Córdoba", "14", "Andalucía", 6),
        new("Valladolid", "47", "Castilla y León", 6), new("Vigo", "36", "Galicia", 6), new("Gijón", "33", "Principado de Asturias", 5),
        new("L'Hospitalet de Llobregat", "08", "Cataluña", 5), new("Vitoria-Gasteiz", "01", "País Vasco", 5), new("A Coruña", "15", "Galicia", 5),
        new("Granada", "18", "Andalucía", 5), new("Elche", "03", "Comunidad Valenciana", 5), new("Oviedo", "33", "Principado de Asturias", 4),
        new("Badalona", "08", "Cataluña", 4), new("Cartagena", "30", "Región de Murcia", 4), new("Terrassa", "08", "Cataluña", 4),
        new("Jerez de la Frontera", "11", "Andalucía", 4), new("Sabadell", "08", "Cataluña", 4), new("Móstoles", "28", "Comunidad de Madrid", 4),
        new("Santa Cruz de Tenerife", "38", "Canarias", 4), new("Pamplona", "31", "Navarra", 4), new("Almería", "04", "Andalucía", 4),
        new("Alcalá de Henares", "28", "Comunidad de Madrid", 4), new("Fuenlabrada", "28", "Comunidad de Madrid", 4),
        new("San Sebastián", "20", "País Vasco", 4), new("Leganés", "28", "Comunidad de Madrid", 3), new("Santander", "39", "Cantabria", 3),
        new("Burgos", "09", "Castilla y León", 3), new("Castellón de la Plana", "12", "Comunidad Valenciana", 3),
        new("Albacete", "02", "Castilla-La Mancha", 3), new("Getafe", "28", "Comunidad de Madrid", 3), new("Salamanca", "37", "Castilla y León", 3),
        new("Logroño", "26", "La Rioja", 3), new("Huelva", "21", "Andalucía", 3), new("Badajoz", "06", "Extremadura", 3),
        new("Cáceres", "10", "Extremadura", 2), new("León", "24", "Castilla y León", 2), new("Tarragona", "43", "Cataluña", 2),
        new("Cádiz", "11", "Andalucía", 2), new("Lleida", "25", "Cataluña", 2), new("Jaén", "23", "Andalucía", 2),
        new("Ourense", "32", "Galicia", 2), new("Girona", "17", "Cataluña", 2), new("Lugo", "27", "Galicia", 2),
        new("Toledo", "45", "Castilla-La Mancha", 2), new("Ciudad Real", "13", "Castilla-La Mancha", 2), new("Guadalajara", "19", "Castilla-La Mancha", 2),
        new("Huesca", "22", "Aragón", 1), new("Teruel", "44", "Aragón", 1), new("Soria", "42", "Castilla y León", 1),
        new("Segovia", "40", "Castilla y León", 1), new("Ávila", "05", "Castilla y León", 1), new("Zamora", "49", "Castilla y León", 1),
        new("Palencia", "34", "Castilla y León", 1), new("Cuenca", "16", "Castilla-La Mancha", 1), new("Pontevedra", "36", "Galicia", 2),
        new("Melilla", "52", "Melilla", 1), new("Ceuta", "51", "Ceuta", 1),
    ];

    public static readonly string[] StreetTypes = ["Calle", "Calle", "Calle", "Avenida", "Plaza", "Paseo", "Ronda", "Travesía", "Camino", "Carrer"];

    public static readonly string[] StreetNames =
    [
        "Mayor", "Real", "de Alcalá", "Gran Vía", "de la Constitución", "del Sol", "de Colón", "de Goya", "de Serrano", "Nueva",
        "de San Juan", "de Cervantes", "del Carmen", "de Andalucía", "de Valencia", "de la Paz", "de los Reyes Católicos",
        "de Blas Infante", "de Toledo", "del Doctor Fleming", "de Pablo Picasso", "de Miguel de Unamuno", "de Rosalía de Castro",
        "de la Libertad", "de España", "de Europa", "del Mar", "de la Estación", "de la Iglesia", "del Pilar", "de San Francisco",
        "de Santa María", "de la Rambla", "de Federico García Lorca", "de Antonio Machado", "de Juan Carlos I", "de la Alameda",
        "del Río", "de las Flores", "de los Olivos", "de la Fuente", "del Castillo", "de Sant Antoni", "de Aragón", "de Castilla",
        "de Jaume I", "de la Virgen del Rocío", "de Ramón y Cajal", "de Isaac Peral", "de Velázquez",
    ];

    public static readonly string[] Floors = ["", "", ", bajo", ", 1º A", ", 1º B", ", 2º A", ", 2º C", ", 3º D", ", 4º izda.", ", 5º dcha.", ", ático", ", local 2"];

    public static readonly string[] EmailDomains =
    [
        "gmail.com", "gmail.com", "gmail.com", "gmail.com", "hotmail.com", "hotmail.es", "yahoo.es", "outlook.es", "outlook.com",
        "telefonica.net", "icloud.com", "protonmail.com",
    ];

    public static readonly string[] CompanySectors =
    [
        "Distribuciones", "Construcciones", "Transportes", "Talleres", "Inmobiliaria", "Asesoría", "Clínica Dental", "Panadería",
        "Hostelería", "Suministros Industriales", "Reformas", "Farmacia", "Bodegas", "Gestoría", "Consultora", "Electricidad",
        "Fontanería", "Restaurante", "Hotel", "Academia", "Ferretería", "Óptica", "Autoescuela", "Carpintería", "Frutas",
        "Logística", "Climatización", "Imprenta", "Veterinaria", "Joyería",
    ];

    public static readonly string[] CompanyPlaces = ["del Norte", "del Sur", "de Levante", "del Mediterráneo", "Ibérica", "Peninsular", "Atlántica", "del Cantábrico", "de Castilla", "Andaluza"];

    /// <summary>Legal form → its CIF organisation letter.</summary>
    public static readonly (string Suffix, char CifLetter, int Weight)[] CompanyForms =
    [
        ("S.L.", 'B', 70), ("S.A.", 'A', 15), ("S.L.U.", 'B', 8), ("S.Coop.", 'F', 4), ("C.B.", 'E', 3),
    ];

    public static readonly string[] ContactRoles =
    [
        "Compras", "Facturación", "Dirección técnica", "Gerencia", "Administración", "Recursos humanos", "Mantenimiento",
        "Sistemas", "Dirección financiera", "Atención al cliente",
    ];

    /// <summary>Tags with the share of customers that carry them (per mille).</summary>
    public static readonly (string Tag, int PerMille)[] Tags =
    [
        ("newsletter", 300), ("movil", 400), ("fibra", 350), ("hogar", 250), ("app", 200), ("fidelizado", 150), ("vip", 50),
        ("moroso", 40), ("portabilidad", 80), ("riesgo-fuga", 60), ("tarjeta-cliente", 120), ("television", 150), ("segunda-residencia", 30),
    ];

    public static readonly (Temperament Temperament, string[] Notes)[] TemperamentNotes =
    [
        (Temperament.Submissive, [
            "Acepta cualquier propuesta sin preguntar: confirmar que entiende las condiciones antes de cerrar la venta.",
            "Cliente muy educado que nunca reclama; ofrecerle de forma proactiva las mejoras de tarifa.",
            "Le cuesta decir que no; no insistir con ventas cruzadas y resumir por escrito lo acordado.",
        ]),
        (Temperament.Aggressive, [
            "Eleva el tono en cuanto hay un retraso: mantener la calma y dar plazos concretos.",
            "Amenaza con irse a la competencia en cada llamada; valorar la oferta de retención con el supervisor.",
            "Muy exigente con los tiempos de la instalación; no prometer fechas sin confirmar con el técnico.",
        ]),
        (Temperament.Abusive, [
            "Insultó a dos agentes en marzo: aplicar el protocolo de llamadas abusivas y avisar al supervisor.",
            "Lenguaje ofensivo reiterado en el chat; se le advirtió por escrito el pasado trimestre.",
            "Ha amenazado al personal de la tienda; atender siempre acompañado y dejar constancia.",
        ]),
        (Temperament.ChronicComplainer, [
            "Reclama todas las facturas: revisar el histórico antes de ofrecer abonos.",
            "Más de diez reclamaciones en el último año, casi todas sin fundamento; escuchar y documentar.",
            "Pide hablar siempre con un responsable; escalar solo si hay una incidencia real.",
        ]),
    ];

    public static readonly string[] ConsentSources = ["formulario web", "llamada telefónica", "tienda", "app móvil", "contrato firmado", "correo electrónico"];

    public static readonly string[] WithdrawalSources = ["enlace de baja del correo", "llamada telefónica", "área de clientes", "carta", "tienda"];

    public static readonly string[] Origins = ["tienda", "web", "teléfono", "distribuidor", "puerta a puerta", "app"];

    /// <summary>Mobile prefixes in Spain start with 6 or 7; landlines with 8 or 9 (province codes).</summary>
    public static readonly string[] LandlinePrefixes = ["91", "93", "96", "95", "94", "98", "97", "92", "976", "983", "985", "928", "922", "971"];
}
