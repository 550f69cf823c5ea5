using System.Globalization;
using System.Text;
using QRCoder;

namespace Guild.Web.Features.Events;

/// <summary>
/// A ticket's QR code as inline SVG: one path of dark modules with presentation attributes only (Guild's CSP refuses style attributes,
/// which QRCoder's own SVG renderer writes).
/// </summary>
public static class TicketQrCode
{
    public static string Svg(string code, string label)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(code, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }
        var escaped = System.Net.WebUtility.HtmlEncode(label);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" class=\"ticket-qr\" role=\"img\" aria-label=\"{escaped}\" shape-rendering=\"crispEdges\">"
            + $"<rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/><path d=\"{path}\" fill=\"#000000\"/></svg>";
    }
}
