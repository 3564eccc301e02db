" mdfc dataflow descriptions: .mdf files (MAESTRO's .m files are left to
" Octave/Objective-C unless you add: au BufRead,BufNewFile *.m setfiletype mdf)
au BufRead,BufNewFile *.mdf setfiletype mdf
