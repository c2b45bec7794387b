"""Briefing dossiers: content/ (YAML fact sheets and articles) in, Markdown pages out."""
