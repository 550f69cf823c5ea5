namespace Guild.Web.Platform.Jobs;

/// <summary>Marker for the jobs' texts: progress, the admin overview (JobsText.resx, JobsText.nl.resx).</summary>
public sealed class JobsText;
