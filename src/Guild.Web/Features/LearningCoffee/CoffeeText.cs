namespace Guild.Web.Features.LearningCoffee;

/// <summary>Marker for the learning coffee's strings (CoffeeText.resx, CoffeeText.nl.resx).</summary>
public sealed class CoffeeText;
