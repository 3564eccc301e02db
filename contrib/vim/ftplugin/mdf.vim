" :make checks the file; Vim's default errorformat reads the short format.
setlocal makeprg=mdfc\ --check\ --diagnostics-format=short\ %
" gq / = through the formatter (the whole buffer: :%!mdfc --format -)
setlocal formatprg=mdfc\ --format\ -
setlocal commentstring=//\ %s comments=s1:/*,mb:*,ex:*/,://
setlocal noexpandtab
