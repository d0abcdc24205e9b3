namespace Vinculo.Core.Demo;

/// <summary>How the demo company sells an item: as a recurring contract (telecom plans) or in orders (goods).</summary>
internal enum DemoSale
{
    Contract,
    Goods,
}

/// <summary>One catalogue item of the demo company.</summary>
internal sealed record DemoProduct(string Sku, string NameEs, string NameEn, string Category, decimal Price, int WarrantyMonths, DemoSale Sale, string? Tag = null);

/// <summary>The demo company's catalogue: fibre, mobile and TV plans sold as contracts; home textiles and appliances sold in orders.</summary>
internal static class DemoCatalog
{
    public static readonly DemoProduct[] Products =
    [
        new("FIB-300", "Fibra 300 Mb", "Fibre 300 Mb", "Fibra", 25m, 0, DemoSale.Contract, "fibra"),
        new("FIB-600", "Fibra 600 Mb", "Fibre 600 Mb", "Fibra", 32m, 0, DemoSale.Contract, "fibra"),
        new("FIB-1G", "Fibra 1 Gb", "Fibre 1 Gb", "Fibra", 39.9m, 0, DemoSale.Contract, "fibra"),
        new("MOV-10", "Móvil 10 GB", "Mobile 10 GB", "Móvil", 9.9m, 0, DemoSale.Contract, "movil"),
        new("MOV-50", "Móvil 50 GB", "Mobile 50 GB", "Móvil", 15m, 0, DemoSale.Contract, "movil"),
        new("MOV-ILIM", "Móvil ilimitado", "Unlimited mobile", "Móvil", 25m, 0, DemoSale.Contract, "movil"),
        new("TV-BAS", "TV básica", "Basic TV", "Televisión", 8m, 0, DemoSale.Contract, "television"),
        new("TV-FUT", "TV con fútbol", "TV with football", "Televisión", 29m, 0, DemoSale.Contract, "television"),
        new("PYME-FIB", "Fibra empresas 1 Gb", "Business fibre 1 Gb", "Empresas", 59m, 0, DemoSale.Contract),
        new("PYME-CEN", "Centralita virtual", "Virtual switchboard", "Empresas", 45m, 0, DemoSale.Contract),
        new("PYME-MOV", "Líneas móviles empresa (5)", "Business mobile lines (5)", "Empresas", 75m, 0, DemoSale.Contract),
        new("SEG-HOG", "Seguro de hogar", "Home insurance", "Seguros", 12.5m, 0, DemoSale.Contract, "hogar"),
        new("TEX-SAB-150", "Juego de sábanas 150 cm", "Sheet set 150 cm", "Textil hogar", 39.95m, 24, DemoSale.Goods),
        new("TEX-EDR-135", "Edredón nórdico 135 cm", "Duvet 135 cm", "Textil hogar", 59.9m, 24, DemoSale.Goods),
        new("TEX-TOA-6", "Pack 6 toallas algodón", "Pack of 6 cotton towels", "Textil hogar", 29.5m, 24, DemoSale.Goods),
        new("TEX-COR-OPA", "Cortina opaca 140x260", "Blackout curtain 140x260", "Textil hogar", 34.99m, 24, DemoSale.Goods),
        new("TEX-ALF-160", "Alfombra 160x230", "Rug 160x230", "Textil hogar", 89m, 24, DemoSale.Goods),
        new("TEX-COJ-2", "Pack 2 cojines", "Pack of 2 cushions", "Textil hogar", 19.9m, 24, DemoSale.Goods),
        new("TEX-MAN-MAN", "Manta de sofá", "Sofa throw", "Textil hogar", 24.95m, 24, DemoSale.Goods),
        new("ELE-LAV-8", "Lavadora 8 kg A", "Washing machine 8 kg A", "Electrodomésticos", 449m, 36, DemoSale.Goods),
        new("ELE-FRI-NF", "Frigorífico combi No Frost", "No Frost fridge freezer", "Electrodomésticos", 699m, 36, DemoSale.Goods),
        new("ELE-LAVV-60", "Lavavajillas 60 cm", "Dishwasher 60 cm", "Electrodomésticos", 429m, 36, DemoSale.Goods),
        new("ELE-MIC-25", "Microondas 25 l", "Microwave 25 l", "Electrodomésticos", 119m, 36, DemoSale.Goods),
        new("ELE-ASP-ESC", "Aspiradora escoba sin cable", "Cordless stick vacuum", "Electrodomésticos", 199m, 36, DemoSale.Goods),
        new("ELE-CAF-SUP", "Cafetera superautomática", "Bean-to-cup coffee machine", "Electrodomésticos", 349m, 36, DemoSale.Goods),
        new("ELE-FRE-AIR", "Freidora de aire 5 l", "Air fryer 5 l", "Electrodomésticos", 89.9m, 36, DemoSale.Goods),
        new("ELE-TV-55", "Televisor 55\" 4K", "55\" 4K television", "Electrónica", 549m, 36, DemoSale.Goods),
        new("ELE-ROU-WIFI6", "Router wifi 6", "Wi-Fi 6 router", "Electrónica", 79m, 36, DemoSale.Goods),
        new("ELE-MOV-A15", "Smartphone gama media", "Mid-range smartphone", "Electrónica", 249m, 36, DemoSale.Goods),
        new("SER-INS", "Instalación a domicilio", "Home installation", "Servicios", 49m, 0, DemoSale.Goods),
    ];

    public static readonly string[] CancelReasons =
    [
        "Se cambia a la competencia por precio", "Traslado a una zona sin cobertura", "Insatisfecho con la velocidad",
        "Fallecimiento del titular", "Ya no lo necesita", "Portabilidad a otro operador", "Problemas repetidos con la factura",
    ];

    public static readonly string[] ModificationReasons =
    [
        "Subida de velocidad solicitada por el cliente", "Oferta de retención", "Actualización de tarifa anual", "Cambio a una tarifa más barata",
    ];

    public static readonly string[] ReturnNotes =
    [
        "Llegó con el embalaje roto", "El color no coincide con la foto", "Talla equivocada", "Ya no lo necesita",
        "Llegó una semana tarde", "No funciona al enchufarlo",
    ];

    public static readonly string[] WarrantyDescriptions =
    [
        "No enciende desde ayer", "Hace un ruido fuerte al centrifugar", "Pierde agua por la parte inferior", "La pantalla parpadea",
        "No enfría lo suficiente", "La batería dura menos de una hora",
    ];
}
